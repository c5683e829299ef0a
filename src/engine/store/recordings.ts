import type { Database, Statement } from 'better-sqlite3';
import type { ClientKind, RecordedExchange, RecordedRequest, RecordedResponse, RequestSource, ResourceChange, SessionSummary } from '../../shared/recording';
import type { SessionKind } from '../../shared/admin-api';
import type { InjectedFault } from '../../shared/faults';
import { isConnectionTest } from '../../shared/search/connection-test';
import type { VerdictFinding } from '../../shared/verdicts';
import { judgeExchange } from '../verdicts/judge';
import { GroupCommit } from './group-commit';
import { partJson, readPart, storedRequest, storedResponse } from './exchange-bodies';
import { documentText } from './document-text';
import { isStatus, parseNotes, parseObject, READABLE_VERSION_SQL, RowParts } from './unreadable-rows';

/**
 * An exchange as written: everything but the id the database gives it. Its verdict: the one given, else judged
 * on the way in for an import, else judged later by the search indexer (or on demand, see `verdicts`).
 */
export type NewExchange = Omit<RecordedExchange, 'id'> & { verdicts?: VerdictFinding[] };

/** A resource version with where it came from, for a resource's timeline. */
export interface ResourceVersion extends ResourceChange {
  id: number;
  exchangeId: number | null;
  at: string;
}

/** An exchange with its JSON columns as stored: `*Json` fields are JSON text (null: SQL NULL). */
export interface StoredExchangeText {
  id: number;
  workspace: string;
  startedAt: string;
  durationMs: number;
  client: ClientKind;
  source: RequestSource;
  operation: string;
  requestJson: string;
  responseJson: string;
  notesJson: string;
  /** What a fault rule did to the exchange (shared/faults InjectedFault), null when nothing. */
  injectedJson: string | null;
  changes: {
    resourceType: ResourceChange['resourceType'];
    resourceId: string;
    beforeJson: string | null;
    afterJson: string | null;
    membersAddedJson: string | null;
    membersRemovedJson: string | null;
    observed?: true;
  }[];
}

/** Filters of the exchange list (all optional, combined with AND). */
export interface ExchangeQuery {
  sessionId?: number;
  method?: string;
  /** An exact status (404) or a class ("4xx"). */
  status?: string;
  client?: ClientKind;
  /** Words the operation contains (case-insensitive). */
  operation?: string;
  /** Exchanges that changed this resource. */
  resourceId?: string;
  /** Text in the URL or either body (case-insensitive). */
  text?: string;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
  /** Exchanges older than this id (the cursor of the previous page). */
  before?: number;
  limit?: number;
}

interface ExchangeRow {
  id: number;
  session_id: number;
  workspace: string;
  started: string;
  duration_ms: number;
  client: ClientKind;
  source: RequestSource;
  operation: string;
  method: string;
  url: string;
  status: number;
  request: string;
  response: string;
  notes: string;
  injected: string | null;
  /** Migration 15: the bodies, raw (NULL in rows written before, whose bodies are inside request/response). */
  request_body: string | null;
  response_body: string | null;
}

interface VersionRow {
  id: number;
  exchange_id: number | null;
  resource_type: 'User' | 'Group';
  resource_id: string;
  before: string | null;
  after: string | null;
  members_added: string | null;
  members_removed: string | null;
  at: string;
  observed: number;
  /** Read by the export's pages only (READABLE_VERSION_SQL): 1 when its JSON parts are text and well-formed. */
  readable?: number | null;
}

const DEFAULT_SESSION_NAME = 'Session 1';

/**
 * SQL of the recorder: sessions, exchanges and resource versions. Callers that write an
 * exchange beside a resource change run both in one `transaction` (the same connection as the
 * resource store), so a crash leaves both or neither.
 */
export class RecordingStore {
  private readonly statements;
  /** Called before any read, so exchanges still waiting in the recorder are written first. */
  beforeRead: () => void = () => {};
  /** Exports streaming from this connection right now: retention waits for them (see session-export.ts). */
  activeExports = 0;
  /** The session new exchanges go to, cached: asked once per exchange. */
  private currentSession: number | undefined;
  /**
   * Runs inside each group of writes (see writeTransaction), before them: the recorder writes the
   * exchanges it holds there, in the same commit. Throws to have them kept for later.
   */
  beforeWrites: () => void = () => {};
  /** A failure of beforeWrites (the writes went on without it). */
  onBeforeWritesError: (error: unknown) => void = () => {};
  private readonly runInTransaction: (work: () => unknown) => unknown;
  private readonly groupCommit: GroupCommit;

  constructor(private readonly db: Database) {
    const prepare = (sql: string) => db.prepare(sql);
    this.runInTransaction = db.transaction((work: () => unknown) => work());
    this.groupCommit = new GroupCommit(db, { prelude: () => this.beforeWrites(), onPreludeError: (error) => this.onBeforeWritesError(error) });
    this.statements = {
      latestSession: prepare("SELECT id FROM sessions WHERE kind = 'live' ORDER BY id DESC LIMIT 1").pluck(),
      insertSession: prepare('INSERT INTO sessions (name, created, imported, kind) VALUES (?, ?, ?, ?)'),
      sessions: prepare(`${SESSION_COLUMNS} ORDER BY s.id DESC`),
      session: prepare(`${SESSION_COLUMNS} WHERE s.id = ?`),
      sessionExists: prepare('SELECT 1 FROM sessions WHERE id = ?').pluck(),
      sessionNames: prepare('SELECT name FROM sessions').pluck(),
      renameSession: prepare('UPDATE sessions SET name = ? WHERE id = ?'),
      deleteSession: prepare('DELETE FROM sessions WHERE id = ?'),
      clearSession: prepare('DELETE FROM exchanges WHERE session_id = ?'),
      insertExchange: prepare(
        `INSERT INTO exchanges (session_id, workspace, started, duration_ms, client, source, operation, method, url, status, request, response, notes, connection_test, injected,
           request_body, response_body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertVersion: prepare(
        `INSERT INTO resource_versions (exchange_id, workspace_id, resource_type, resource_id, before, after, members_added, members_removed, at, observed)
         VALUES (?, CASE WHEN ? THEN (SELECT id FROM workspaces WHERE slug = ?) END, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertVerdicts: prepare('INSERT OR REPLACE INTO exchange_verdicts (exchange_id, findings) VALUES (?, ?)'),
      verdictsOf: prepare('SELECT findings FROM exchange_verdicts WHERE exchange_id = ?').pluck(),
      exchange: prepare('SELECT * FROM exchanges WHERE id = ?'),
      amendExchange: prepare('UPDATE exchanges SET status = ?, response = ?, response_body = ?, injected = ? WHERE id = ?'),
      changesOf: prepare('SELECT * FROM resource_versions WHERE exchange_id = ? ORDER BY id'),
      versionsOf: prepare(
        `SELECT v.* FROM resource_versions v JOIN workspaces w ON w.id = v.workspace_id
         WHERE w.slug = ? AND v.resource_id = ? ORDER BY v.id`,
      ),
      version: prepare('SELECT * FROM resource_versions WHERE id = ?'),
      after: prepare('SELECT * FROM exchanges WHERE id > ? ORDER BY id LIMIT ?'),
      ofSession: prepare('SELECT * FROM exchanges WHERE session_id = ? ORDER BY id'),
      sessionPage: prepare('SELECT * FROM exchanges WHERE session_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?'),
      // The page's own ids: a range between its first and last could span another session's
      // exchanges recorded meanwhile (an import), and read all of their versions for nothing.
      changesOfExchanges: prepare(
        `SELECT *, ${READABLE_VERSION_SQL} AS readable FROM resource_versions WHERE exchange_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      ),
      lastId: prepare('SELECT max(id) FROM exchanges').pluck(),
    } satisfies Record<string, Statement>;
  }

  transaction<T>(work: () => T): T {
    return this.runInTransaction(work) as T;
  }

  /**
   * A SCIM write's transaction: `work` runs in a savepoint of a transaction it shares with the other
   * writes of this turn of the event loop, and the promise settles once that has committed (see
   * group-commit.ts). The transaction takes the write lock first (BEGIN IMMEDIATE): when another
   * process holds it, the promise rejects with SQLITE_BUSY before `work` ran, so the caller can
   * simply try again later.
   */
  writeTransaction<T>(work: () => T): Promise<T> {
    return this.groupCommit.run(work);
  }

  /** The connection, for the exchange search (search/exchange-search.ts), which reads these tables its own way. */
  get connection(): Database {
    return this.db;
  }

  /** The database file (':memory:' for a throwaway one), for messages about it. */
  get databasePath(): string {
    return this.db.name;
  }

  /**
   * The session live traffic goes to: the newest live one, made on first use. Imports and replays
   * have sessions of their own kind, so neither ever changes it.
   */
  currentSessionId(): number {
    // Exchanges still waiting to be written ask for the current session as they are written: they
    // go first, so the session they make (on a fresh file) is the one returned, not a second one.
    if (this.currentSession === undefined) this.beforeRead();
    this.currentSession ??= this.liveSessionId() ?? this.startSession(DEFAULT_SESSION_NAME).id;
    return this.currentSession;
  }

  /**
   * The current session if known: the one this store last started or found, else the newest live one
   * in the file; undefined when no live session was ever recorded (and none is started, unlike currentSessionId).
   */
  liveSessionId(): number | undefined {
    return this.currentSession ?? (this.statements.latestSession.get() as number | undefined);
  }

  /** A new session of `kind`; a live one is the current session from now on (live traffic goes to it). */
  startSession(name: string, kind: SessionKind = 'live'): SessionSummary {
    this.beforeRead();
    const created = new Date().toISOString();
    const id = Number(this.statements.insertSession.run(name, created, kind === 'imported' ? 1 : 0, kind).lastInsertRowid);
    if (kind === 'live') this.currentSession = id;
    return { id, name, createdAt: created, exchangeCount: 0, kind, current: kind === 'live', imported: kind === 'imported' };
  }

  /** "Session N" with the first N no session is called yet: what a session started without a name is called. */
  nextSessionName(): string {
    const taken = new Set(this.statements.sessionNames.all() as string[]);
    let number = 1;
    while (taken.has(`Session ${number}`)) number += 1;
    return `Session ${number}`;
  }

  /** Newest first. */
  sessions(): SessionSummary[] {
    this.beforeRead();
    const current = this.liveSessionId();
    return (this.statements.sessions.all() as SessionRow[]).map((row) => toSession(row, current));
  }

  session(id: number): SessionSummary | undefined {
    this.beforeRead();
    const row = this.statements.session.get(id) as SessionRow | undefined;
    return row && toSession(row, this.liveSessionId());
  }

  /** Whether a session still exists (a replay's may have been deleted while it ran). */
  sessionExists(id: number): boolean {
    return this.statements.sessionExists.get(id) !== undefined;
  }

  renameSession(id: number, name: string): boolean {
    return this.statements.renameSession.run(name, id).changes > 0;
  }

  /**
   * Deletes the session and its exchanges; the resource versions they caused stay, without their
   * exchange. Deleting the current session starts a new, empty live one at once: the next live
   * traffic must not land in an older session the user had finished with.
   */
  deleteSession(id: number): boolean {
    this.beforeRead();
    const wasCurrent = id === this.liveSessionId();
    return this.transaction(() => {
      // The new session first: made after, it would take the deleted one's id (SQLite reuses the
      // highest rowid), and a page still scoped to the old session would show the new one's traffic.
      if (wasCurrent && this.sessionExists(id)) this.startSession(this.nextSessionName());
      return this.statements.deleteSession.run(id).changes > 0;
    });
  }

  clearSession(id: number): number {
    this.beforeRead();
    return this.statements.clearSession.run(id).changes;
  }

  /**
   * Writes an exchange and the versions it made. `imported` exchanges (from a session file or a
   * HAR) keep their versions for display, unlinked from this database's resources.
   */
  insertExchange(exchange: NewExchange, imported = false): number {
    // Inside the caller's transaction (the recorder's batch, a write's) as is; else in one of its own.
    return this.db.inTransaction ? this.writeExchange(exchange, imported) : this.transaction(() => this.writeExchange(exchange, imported));
  }

  /**
   * insertExchange's work, inside its transaction: the exchange and its versions. Its row of the
   * search index is written later, in a batch, by search/search-indexer.ts.
   */
  private writeExchange(exchange: NewExchange, imported: boolean): number {
    const { request, response } = exchange;
    const connectionTest = isConnectionTest(exchange);
    const storedRequestParts = storedRequest(request);
    const storedResponseParts = storedResponse(response);
    const id = Number(
      this.statements.insertExchange.run(
        exchange.sessionId,
        exchange.workspace,
        exchange.startedAt,
        exchange.durationMs,
        exchange.client,
        exchange.source,
        exchange.operation,
        request.method,
        request.url,
        response.status,
        storedRequestParts.json,
        storedResponseParts.json,
        JSON.stringify(exchange.notes),
        connectionTest ? 1 : 0,
        exchange.injected ? JSON.stringify(exchange.injected) : null,
        storedRequestParts.body,
        storedResponseParts.body,
      ).lastInsertRowid,
    );
    // An import is judged as it is written (a batch off the request path). What the recorder writes is
    // judged by the search indexer, off the request path: judging cost every SCIM write a few percent; until
    // then `verdicts(id)` judges on demand and the session summary counts it as pending.
    const verdicts = exchange.verdicts ?? (imported ? judgeExchange(exchange) : undefined);
    if (verdicts) this.statements.insertVerdicts.run(id, JSON.stringify(verdicts));
    for (const change of exchange.changes) {
      this.statements.insertVersion.run(
        id,
        imported ? 0 : 1,
        exchange.workspace,
        change.resourceType,
        change.resourceId,
        change.before ? documentText(change.before) : null,
        change.after ? documentText(change.after) : null,
        json(change.membersAdded),
        json(change.membersRemoved),
        exchange.startedAt,
        change.observed ? 1 : 0,
      );
    }
    return id;
  }

  /** A recorded write's answer as finally sent, and what was injected into it (engine/faults changes an answer after its write committed). */
  amendExchange(id: number, response: RecordedResponse, injected: InjectedFault): void {
    this.transaction(() => {
      const stored = storedResponse(response);
      this.statements.amendExchange.run(response.status, stored.json, stored.body, JSON.stringify(injected), id);
      // The verdict is on the answer the client got.
      const row = this.statements.exchange.get(id) as ExchangeRow | undefined;
      if (row) this.statements.insertVerdicts.run(id, JSON.stringify(judgeExchange(this.toExchange(row, true))));
    });
  }

  exchange(id: number): RecordedExchange | undefined {
    this.beforeRead();
    const row = this.statements.exchange.get(id) as ExchangeRow | undefined;
    return row && this.toExchange(row, true);
  }

  /**
   * The verdict on an exchange's answer (undefined: no such exchange). One the search indexer has not
   * judged yet (recorded since its last batch, or before verdicts existed) is judged now and kept.
   */
  verdicts(id: number): VerdictFinding[] | undefined {
    this.beforeRead();
    const stored = this.statements.verdictsOf.get(id) as string | undefined;
    if (stored !== undefined) return JSON.parse(stored) as VerdictFinding[];
    const exchange = this.exchange(id);
    if (!exchange) return undefined;
    const findings = judgeExchange(exchange);
    try {
      this.statements.insertVerdicts.run(id, JSON.stringify(findings));
    } catch {
      // Another process holds the write lock: the indexer keeps the verdict when it reaches the exchange.
    }
    return findings;
  }

  /**
   * Newest first, paged by id: `before` is the smallest id of the previous page. Changes are left
   * out of list items (fetch one exchange for them); the filters are what the inspector's filter bar sends.
   */
  listExchanges(query: ExchangeQuery): { items: RecordedExchange[]; nextCursor: number | null } {
    this.beforeRead();
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (query.sessionId !== undefined) add('e.session_id = ?', query.sessionId);
    if (query.method) add('e.method = ?', query.method.toUpperCase());
    if (query.status) {
      const statusClass = /^([1-5])xx$/i.exec(query.status);
      if (statusClass) add('e.status BETWEEN ? AND ?', Number(statusClass[1]) * 100, Number(statusClass[1]) * 100 + 99);
      else add('e.status = ?', Number(query.status));
    }
    if (query.client) add('e.client = ?', query.client);
    if (query.operation) add("e.operation LIKE ? ESCAPE '\\'", `%${likeEscape(query.operation)}%`);
    if (query.resourceId) add('e.id IN (SELECT exchange_id FROM resource_versions WHERE resource_id = ?)', query.resourceId);
    if (query.text) {
      const pattern = `%${likeEscape(query.text)}%`;
      add(
        "(e.url LIKE ? ESCAPE '\\' OR e.request LIKE ? ESCAPE '\\' OR e.response LIKE ? ESCAPE '\\' OR e.request_body LIKE ? ESCAPE '\\' OR e.response_body LIKE ? ESCAPE '\\')",
        pattern,
        pattern,
        pattern,
        pattern,
        pattern,
      );
    }
    if (query.from) add('e.started >= ?', query.from);
    if (query.to) add('e.started <= ?', query.to);
    if (query.before !== undefined) add('e.id < ?', query.before);
    const limit = Math.min(Math.max(1, query.limit ?? 100), 1000);
    const sql = `SELECT e.* FROM exchanges e ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, limit + 1) as ExchangeRow[];
    const page = rows.slice(0, limit);
    return { items: page.map((row) => this.toExchange(row, false)), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
  }

  /** A session's exchanges with their changes, oldest first (for export). */
  sessionExchanges(sessionId: number): RecordedExchange[] {
    this.beforeRead();
    return (this.statements.ofSession.all(sessionId) as ExchangeRow[]).map((row) => this.toExchange(row, true));
  }

  /**
   * One page of a session's exchanges with their changes, oldest first: those with `afterId < id <= throughId`
   * (keyset pagination, so each page costs the same however deep into the session). The changes of the
   * whole page come from one query, not one per exchange.
   */
  sessionExchangePage(sessionId: number, afterId: number, throughId: number, limit: number): RecordedExchange[] {
    const { rows, versions } = this.sessionPageRows(sessionId, afterId, throughId, limit);
    return rows.map((row) => {
      const changes = versions.get(row.id) ?? [];
      // A damaged row (see unreadable-rows.ts) is read part by part, as the exchange view reads it.
      if (!changes.every(readableVersion)) return this.toExchange(row, true);
      try {
        return { ...this.toExchange(row, false), changes: changes.map(toVersion).map(toChange) };
      } catch {
        return this.toExchange(row, true);
      }
    });
  }

  /**
   * The same page with the JSON columns as stored (text written by JSON.stringify), for a writer that
   * copies them into its output as they are instead of parsing them only to write them again.
   */
  sessionExchangeTextPage(sessionId: number, afterId: number, throughId: number, limit: number): StoredExchangeText[] {
    const { rows, versions } = this.sessionPageRows(sessionId, afterId, throughId, limit);
    return rows.map((row) => {
      const changes = versions.get(row.id) ?? [];
      // Copied as stored only when it reads as the exchange view reads it (the small JSON parts parsed,
      // the versions checked by SQLite): a damaged row copied would make the whole file unreadable.
      if (changes.every(readableVersion)) {
        try {
          readStoredParts(row);
          return this.storedText(row, changes);
        } catch {
          // Damaged: read part by part below.
        }
      }
      return storedTextOf(this.toExchange(row, true));
    });
  }

  private storedText(row: ExchangeRow, versions: VersionRow[]): StoredExchangeText {
    return {
      id: row.id,
      workspace: row.workspace,
      startedAt: row.started,
      durationMs: row.duration_ms,
      client: row.client,
      source: row.source,
      operation: row.operation,
      requestJson: partJson(row.request, row.request_body, 'request'),
      responseJson: partJson(row.response, row.response_body, 'response'),
      notesJson: row.notes,
      injectedJson: row.injected,
      changes: versions.map((version) => ({
        resourceType: version.resource_type,
        resourceId: version.resource_id,
        beforeJson: version.before,
        afterJson: version.after,
        membersAddedJson: version.members_added,
        membersRemovedJson: version.members_removed,
        ...(version.observed === 1 && { observed: true as const }),
      })),
    };
  }

  private sessionPageRows(sessionId: number, afterId: number, throughId: number, limit: number): { rows: ExchangeRow[]; versions: Map<number, VersionRow[]> } {
    this.beforeRead();
    const rows = this.statements.sessionPage.all(sessionId, afterId, throughId, limit) as ExchangeRow[];
    const versions = new Map<number, VersionRow[]>();
    if (rows.length === 0) return { rows, versions };
    for (const version of this.statements.changesOfExchanges.all(JSON.stringify(rows.map((row) => row.id))) as VersionRow[]) {
      const list = versions.get(version.exchange_id!) ?? [];
      list.push(version);
      versions.set(version.exchange_id!, list);
    }
    return { rows, versions };
  }

  /** A new session holding `exchanges` (already redacted by the caller), in one transaction. */
  importSession(name: string, exchanges: readonly Omit<NewExchange, 'sessionId'>[]): SessionSummary {
    return this.transaction(() => {
      const session = this.startSession(name, 'imported');
      for (const exchange of exchanges) this.insertExchange({ ...exchange, sessionId: session.id }, true);
      return { ...session, exchangeCount: exchanges.length };
    });
  }

  /** Exchanges after `id`, oldest first (the live feed's poll); `limit + 1` rows tell whether more wait. */
  exchangesAfter(id: number, limit: number): RecordedExchange[] {
    this.beforeRead();
    return (this.statements.after.all(id, limit) as ExchangeRow[]).map((row) => this.toExchange(row, false));
  }

  /** The newest exchange id (0 when none): where a new feed subscriber starts. */
  lastExchangeId(): number {
    this.beforeRead();
    return (this.statements.lastId.get() as number | null) ?? 0;
  }

  /** A resource's history, oldest first: every version change recorded for it in a workspace. */
  versionsOf(workspace: string, resourceId: string): ResourceVersion[] {
    this.beforeRead();
    return (this.statements.versionsOf.all(workspace, resourceId) as VersionRow[]).map(toVersion);
  }

  version(id: number): ResourceVersion | undefined {
    this.beforeRead();
    const row = this.statements.version.get(id) as VersionRow | undefined;
    return row && toVersion(row);
  }

  /** A stored row as an exchange; a part that cannot be read is left out and said so in a note (see unreadable-rows.ts). */
  private toExchange(row: ExchangeRow, withChanges: boolean): RecordedExchange {
    const parts = new RowParts();
    // The raw bodies have columns of their own (migration 15): kept when the rest of their part is lost.
    const bodyOf = (body: unknown) => (typeof body === 'string' ? body : null);
    // Its columns stand in for a lost part; damaged too, they give way to what says nothing (the note says why).
    const lostRequest: RecordedRequest = {
      method: typeof row.method === 'string' && row.method !== '' ? row.method : 'UNKNOWN',
      url: typeof row.url === 'string' && row.url !== '' ? row.url : '/',
      headers: [],
      body: bodyOf(row.request_body),
    };
    const request = parts.read('its request', () => readPart<RecordedRequest>(row.request, row.request_body, 'request'), lostRequest);
    const response = parts.read('its response', () => readPart<RecordedResponse>(row.response, row.response_body, 'response'), {
      status: isStatus(row.status) ? row.status : 0,
      headers: [],
      body: bodyOf(row.response_body),
    });
    const notes = parts.read('its notes', () => parseNotes(row.notes), []);
    const injected = row.injected ? parts.read('what a fault rule did to it', () => parseObject<InjectedFault>(row.injected), undefined) : undefined;
    const changes = withChanges
      ? parts.read('the resource versions it made', () => (this.statements.changesOf.all(row.id) as VersionRow[]).map(toVersion).map(toChange), [])
      : [];
    const unreadable = parts.note(request === lostRequest);
    return {
      id: row.id,
      sessionId: row.session_id,
      workspace: row.workspace,
      startedAt: row.started,
      durationMs: row.duration_ms,
      client: row.client,
      source: row.source,
      operation: row.operation,
      request,
      response,
      notes: unreadable ? [...notes, unreadable] : notes,
      changes,
      ...(injected && { injected }),
    };
  }
}

// Counts from the running totals (migration 7): the inspector asks for the list whenever traffic
// arrives, and counting a long session's exchanges would read all of its rows each time.
const SESSION_COLUMNS = `SELECT s.id, s.name, s.created AS createdAt, s.kind,
  (SELECT coalesce(sum(t.exchanges), 0) FROM exchange_totals t WHERE t.session_id = s.id) AS exchangeCount FROM sessions s`;
type SessionRow = Omit<SessionSummary, 'imported' | 'current'>;
const toSession = (row: SessionRow, currentId: number | undefined): SessionSummary => ({
  ...row,
  current: row.id === currentId,
  imported: row.kind === 'imported',
});

const readableVersion = (version: VersionRow) => version.readable === 1;

/** Throws unless every JSON part of the row reads as toExchange reads it (its bodies are raw text, not parsed). */
function readStoredParts(row: ExchangeRow): void {
  readPart(row.request, row.request_body, 'request');
  readPart(row.response, row.response_body, 'response');
  parseNotes(row.notes);
  if (row.injected !== null) parseObject(row.injected);
}

/** An exchange read part by part (a damaged row), as the export's stored text. */
function storedTextOf(exchange: RecordedExchange): StoredExchangeText {
  return {
    id: exchange.id,
    workspace: exchange.workspace,
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    client: exchange.client,
    source: exchange.source,
    operation: exchange.operation,
    requestJson: JSON.stringify(exchange.request),
    responseJson: JSON.stringify(exchange.response),
    notesJson: JSON.stringify(exchange.notes),
    injectedJson: exchange.injected ? JSON.stringify(exchange.injected) : null,
    changes: exchange.changes.map((change) => ({
      resourceType: change.resourceType,
      resourceId: change.resourceId,
      beforeJson: json(change.before),
      afterJson: json(change.after),
      membersAddedJson: json(change.membersAdded),
      membersRemovedJson: json(change.membersRemoved),
      ...(change.observed && { observed: true as const }),
    })),
  };
}

function toVersion(row: VersionRow): ResourceVersion {
  return {
    id: row.id,
    exchangeId: row.exchange_id,
    at: row.at,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    before: parse(row.before),
    after: parse(row.after),
    ...(row.members_added !== null && { membersAdded: JSON.parse(row.members_added) as string[] }),
    ...(row.members_removed !== null && { membersRemoved: JSON.parse(row.members_removed) as string[] }),
    ...(row.observed === 1 && { observed: true as const }),
  };
}

function toChange({ id: _id, exchangeId: _exchange, at: _at, ...change }: ResourceVersion): ResourceChange {
  return change;
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);
