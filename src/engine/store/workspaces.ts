import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { parseSettings, type WorkspaceSettings } from '../settings/workspace-settings';
import { DEFAULT_WORKSPACE, scimPathOf } from './default-workspace';

export { DEFAULT_WORKSPACE, scimPathOf };

export interface Workspace {
  id: number;
  slug: string;
  name: string;
  token: string;
  settings: WorkspaceSettings;
  created: string;
}

interface WorkspaceRow extends Omit<Workspace, 'settings'> {
  settings: string;
}

/**
 * A stored row as the engine uses it; settings a newer release wrote and this one cannot read
 * fall back to defaults. The parsed settings are cached by their stored text: every SCIM request
 * reads its workspace, and validating the same JSON (extension declarations included) again
 * each time would sit on the request path for nothing. Callers never mutate settings
 * (configure builds a new object), so sharing one is safe.
 */
function toWorkspace(row: WorkspaceRow | undefined): Workspace | undefined {
  if (!row) return undefined;
  let settings = parsedSettings.get(row.settings);
  if (!settings) {
    try {
      settings = parseSettings(JSON.parse(row.settings));
    } catch {
      settings = parseSettings({});
    }
    if (parsedSettings.size >= 64) parsedSettings.clear();
    parsedSettings.set(row.settings, settings);
  }
  // Frozen: find() hands the same object to every request until the row changes (see WorkspaceStore).
  return Object.freeze({ ...row, settings });
}

const parsedSettings = new Map<string, WorkspaceSettings>();

/** Workspace slugs appear in URLs (`/w/{slug}/scim/v2`), so they are kept URL-safe. */
export const WORKSPACE_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** 32 random bytes, base64url: long enough to be unguessable, safe to paste into any IdP form. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Refuses a token a client could not send as it is (empty, or with spaces); callers may check before they start anything. */
export function checkTokenText(token: string): void {
  if (token.trim() === '' || /\s/.test(token)) throw new Error('A token cannot be empty or contain spaces.');
}

export class WorkspaceStore {
  private readonly bySlug;
  private readonly dataVersion;
  /**
   * find()'s answers (null: no such workspace), valid while `cachedAt` is this connection's
   * `PRAGMA data_version`: it moves when another connection commits (the CLI, a second app
   * instance), whatever it changed. This connection's own writes do not move it, so every write
   * here forgets the answers; no other code writes the workspaces table.
   */
  private readonly cached = new Map<string, Workspace | null>();
  private cachedAt: number | undefined;
  /** Inside readSnapshot: the open transaction is a read of ours, which holds no uncommitted writes. */
  private inSnapshot = false;
  private readonly begin;
  private readonly commit;
  private readonly rollback;
  private readonly all;
  private readonly insert;
  private readonly updateToken;
  private readonly remove;
  private readonly updateSettings;
  private readonly revokeAccessTokens;
  /** Told the id of a workspace this process deleted: caches keyed by id forget it (a new workspace may take the id). */
  private readonly deletedListeners = new Set<(workspaceId: number) => void>();
  private readonly settingsGuards: ((workspace: Workspace, settings: WorkspaceSettings) => void)[] = [];

  constructor(private readonly db: Database) {
    this.bySlug = db.prepare<[string], WorkspaceRow>('SELECT id, slug, name, token, settings, created FROM workspaces WHERE slug = ?');
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.begin = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.all = db.prepare<[], WorkspaceRow>('SELECT id, slug, name, token, settings, created FROM workspaces ORDER BY id');
    this.updateSettings = db.prepare<[string, string]>('UPDATE workspaces SET settings = ? WHERE slug = ?');
    this.insert = db.prepare<[string, string, string, string]>('INSERT INTO workspaces (slug, name, token, created) VALUES (?, ?, ?, ?)');
    this.updateToken = db.prepare<[string, string]>('UPDATE workspaces SET token = ? WHERE slug = ?');
    this.remove = db.prepare<[string]>('DELETE FROM workspaces WHERE slug = ?');
    this.revokeAccessTokens = db.prepare<[string]>('DELETE FROM access_tokens WHERE workspace_id = (SELECT id FROM workspaces WHERE slug = ?)');
  }

  /**
   * Every SCIM request authenticates against its workspace's row, so a regenerated token or a
   * changed auth mode applies to the very next request, also when another process changed it.
   * The row is read again only when the database changed: checking data_version takes the same
   * read lock a SELECT would, but spares the lookup and the row's conversion.
   */
  find(slug: string): Workspace | undefined {
    // A transaction may hold this connection's uncommitted writes, which a rollback undoes: read, keep nothing.
    if (this.db.inTransaction && !this.inSnapshot) return toWorkspace(this.bySlug.get(slug));
    // The version first, then the row: a commit in between moves the version the next find reads,
    // so a row read here is never kept under a version older than it.
    const version = this.dataVersion.get();
    if (version !== this.cachedAt) {
      this.cached.clear();
      this.cachedAt = version;
    }
    let workspace = this.cached.get(slug);
    if (workspace === undefined) {
      workspace = toWorkspace(this.bySlug.get(slug)) ?? null;
      // Bounded: unknown slugs in URLs are cached too.
      if (this.cached.size >= 256) this.cached.clear();
      this.cached.set(slug, workspace);
    }
    return workspace ?? undefined;
  }

  /**
   * Runs `work` (synchronous) in one read transaction, so that find()'s data_version check and the
   * reads that follow in `work` take SQLite's read lock once: outside a transaction each statement
   * takes and drops it (a few system calls, as dear as the lookup itself), and the request's own
   * transaction nests as a savepoint. The transaction ends when `work` returns, so it never outlives
   * the synchronous part of a request: whatever `work` leaves for later (an async hook, a body still
   * arriving, a grouped write on the next turn) runs after it, in transactions of its own. Only reads
   * may run in `work`: a write would commit when it returns, after an answer it may already have sent.
   * Inside another transaction `work` simply runs.
   */
  readSnapshot<T>(work: () => T): T {
    if (this.db.inTransaction) return work();
    this.begin.run();
    this.inSnapshot = true;
    try {
      return work();
    } finally {
      this.inSnapshot = false;
      this.endSnapshot();
    }
  }

  private endSnapshot(): void {
    try {
      if (this.db.inTransaction) this.commit.run();
    } catch {
      // A read has nothing to commit; whatever failed, the transaction must not stay open.
      if (this.db.inTransaction) this.rollback.run();
    }
  }

  /** After a write through this connection, which data_version does not count. */
  private forget(): void {
    this.cached.clear();
  }

  list(): Workspace[] {
    return this.all.all().map((row) => toWorkspace(row)!);
  }

  /**
   * Changes some settings (the others keep their values); a wrong key or value throws a message
   * that names it, and nothing is stored.
   */
  configure(slug: string, changes: Partial<Record<keyof WorkspaceSettings, unknown>>): Workspace {
    const workspace = this.find(slug);
    if (!workspace) throw new Error(`No workspace named "${slug}".`);
    const settings = parseSettings(changes, workspace.settings);
    for (const guard of this.settingsGuards) guard(workspace, settings);
    this.updateSettings.run(JSON.stringify(settings), slug);
    this.forget();
    return this.find(slug)!;
  }

  /** The default workspace exists from the first start, with a freshly generated token. */
  ensureDefault(): Workspace {
    return this.find(DEFAULT_WORKSPACE) ?? this.create(DEFAULT_WORKSPACE, 'Default workspace');
  }

  create(slug: string, name: string = slug, token: string = generateToken()): Workspace {
    if (!WORKSPACE_SLUG_PATTERN.test(slug)) {
      throw new Error(`"${slug}" is not a valid workspace name: use 1–63 lower-case letters, digits and dashes, starting with a letter or digit.`);
    }
    if (this.find(slug)) throw new Error(`A workspace named "${slug}" already exists.`);
    this.insert.run(slug, name, token, new Date().toISOString());
    this.forget();
    return this.find(slug)!;
  }

  /**
   * Replaces the token (the workspace's one secret); the old one stops working for the very next
   * request, and so does every OAuth access token issued with it (one transaction: never one without the other).
   */
  setToken(slug: string, token: string = generateToken()): Workspace {
    checkTokenText(token);
    try {
      this.db.transaction(() => {
        if (this.updateToken.run(token, slug).changes === 0) throw new Error(`No workspace named "${slug}".`);
        this.revokeAccessTokens.run(slug);
      })();
    } finally {
      this.forget();
    }
    return this.find(slug)!;
  }

  /** Deletes a workspace with all of its resources (foreign keys cascade). */
  delete(slug: string): void {
    if (slug === DEFAULT_WORKSPACE) throw new Error('The default workspace cannot be deleted.');
    const workspace = this.find(slug);
    if (!workspace) throw new Error(`No workspace named "${slug}".`);
    const removed = this.remove.run(slug).changes;
    this.forget();
    if (removed === 0) throw new Error(`No workspace named "${slug}".`);
    for (const listener of this.deletedListeners) listener(workspace.id);
  }

  onDeleted(listener: (workspaceId: number) => void): void {
    this.deletedListeners.add(listener);
  }

  /** Checks new settings before they are stored, against what depends on them (the mappings read the extensions); throws to refuse. */
  guardSettings(guard: (workspace: Workspace, settings: WorkspaceSettings) => void): void {
    this.settingsGuards.push(guard);
  }
}
