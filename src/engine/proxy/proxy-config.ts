import type { Database, Statement } from 'better-sqlite3';
import { insecureTlsWarning, type ProxyConfigRequest, type ProxyConfigResponse } from '../../shared/proxy';
import type { Workspace, WorkspaceStore } from '../store/workspaces';

/**
 * The upstream's one secret per proxy workspace (migration 13's table): read on each forwarded
 * request that replaces the IdP's credentials, so a change made by another process (the CLI)
 * applies to the next request. Never part of the settings, never served back.
 */
export class ProxySecrets {
  private readonly select: Statement<[number], string>;
  private readonly upsert: Statement<[number, string]>;
  private readonly remove: Statement<[number]>;

  constructor(db: Database) {
    this.select = db.prepare<[number], string>('SELECT secret FROM proxy_upstream_secrets WHERE workspace_id = ?').pluck();
    this.upsert = db.prepare<[number, string]>(
      'INSERT INTO proxy_upstream_secrets (workspace_id, secret) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET secret = excluded.secret',
    );
    this.remove = db.prepare<[number]>('DELETE FROM proxy_upstream_secrets WHERE workspace_id = ?');
  }

  get(workspaceId: number): string | undefined {
    return this.select.get(workspaceId);
  }

  set(workspaceId: number, secret: string): void {
    this.upsert.run(workspaceId, secret);
  }

  clear(workspaceId: number): void {
    this.remove.run(workspaceId);
  }
}

const secretsByDb = new WeakMap<Database, ProxySecrets>();

/** One ProxySecrets per open database (its statements prepared once). */
export function proxySecretsOf(db: Database): ProxySecrets {
  let secrets = secretsByDb.get(db);
  if (!secrets) secretsByDb.set(db, (secrets = new ProxySecrets(db)));
  return secrets;
}

/** What GET /api/workspaces/:slug/proxy and the CLI show: never the secret. */
export function proxyConfigOf(workspace: Workspace, secrets: ProxySecrets): ProxyConfigResponse {
  const proxy = workspace.settings.proxy;
  if (!proxy) return { kind: 'local', secretStored: false };
  const warning = insecureTlsWarning(proxy);
  return { kind: 'proxy', proxy, secretStored: secrets.get(workspace.id) !== undefined, ...(warning && { warning }) };
}

/**
 * Makes a workspace a proxy, or changes its proxy settings, in one transaction with its secret: a
 * mode other than pass-through needs one (given now, or stored before for the same mode). A wrong
 * value is an error naming it, and nothing is stored.
 */
export function configureProxy(db: Database, workspaces: WorkspaceStore, slug: string, request: ProxyConfigRequest): Workspace {
  const secrets = proxySecretsOf(db);
  return db.transaction(() => {
    const before = workspaces.find(slug);
    if (!before) throw new Error(`No workspace named "${slug}".`);
    // No auth given: a proxy keeps the auth (and secret) it has, rather than falling back to pass-through,
    // which would drop the upstream's secret and send the IdP's own credentials upstream instead.
    const requested: NonNullable<ProxyConfigRequest['auth']> = request.auth ?? before.settings.proxy?.auth ?? { mode: 'pass-through' };
    const { secret, ...auth } = requested;
    if (secret !== undefined && (secret === '' || /[\r\n]/.test(secret))) throw new Error('The upstream secret cannot be empty or contain line breaks.');
    const change = {
      upstream: request.upstream,
      auth,
      ...(request.insecureTls !== undefined && { insecureTls: request.insecureTls }),
      ...(request.connectTimeoutMs !== undefined && { connectTimeoutMs: request.connectTimeoutMs }),
      ...(request.timeoutMs !== undefined && { timeoutMs: request.timeoutMs }),
      ...(request.observeAfterWrite !== undefined && { observeAfterWrite: request.observeAfterWrite }),
    };
    const after = workspaces.configure(slug, { proxy: change });
    if (auth.mode === 'pass-through') secrets.clear(before.id);
    else if (secret !== undefined) secrets.set(before.id, secret);
    else if (before.settings.proxy?.auth.mode !== auth.mode || secrets.get(before.id) === undefined) {
      throw new Error(`The upstream auth mode ${auth.mode} needs the upstream's secret (${SECRET_NAMES[auth.mode]}).`);
    }
    return after;
  })();
}

/** Makes a proxy workspace local again (its own SCIM server) and forgets the upstream's secret. */
export function removeProxy(db: Database, workspaces: WorkspaceStore, slug: string): Workspace {
  const secrets = proxySecretsOf(db);
  return db.transaction(() => {
    const after = workspaces.configure(slug, { proxy: null });
    secrets.clear(after.id);
    return after;
  })();
}

const SECRET_NAMES: Record<string, string> = {
  bearer: 'its bearer token',
  basic: 'the Basic password',
  header: "the header's value",
  oauth: 'the OAuth client secret',
};
