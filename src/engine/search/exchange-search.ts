import type { Database } from 'better-sqlite3';
import type { ExchangeListItem, ExchangeSearchResponse } from '../../shared/admin-api';
import type { ClientKind, RequestSource } from '../../shared/recording';
import type { InjectedFault } from '../../shared/faults';
import { matchExpression, usesIndex, type SearchFilter } from './match-expression';
import type { SearchIndexer } from './search-indexer';
import { readAll, type ReadQuery, type SearchRunner } from './search-runner';
import { countVerdicts, type VerdictCounts, type VerdictFinding } from '../../shared/verdicts';
import { parseJsonOrUndefined } from '../../shared/json-values';
import { parseNotes, parseObject, RowParts } from '../store/unreadable-rows';

/** What the exchange list asks: the parsed search, the scope, and conditions FTS5 cannot answer. */
export interface ExchangeSearchRequest extends SearchFilter {
  /** Exchanges that changed this resource. */
  resource?: string;
  /** ISO times, inclusive (the old list query's `from`/`to`). */
  from?: string;
  to?: string;
  /** Older than this id. */
  cursor?: number;
  offset?: number;
  limit?: number;
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

const LIST_COLUMNS =
  'e.id, e.session_id, e.workspace, e.started, e.duration_ms, e.client, e.source, e.operation, e.method, e.url, e.status, e.notes, e.connection_test, e.injected, ' +
  '(SELECT findings FROM exchange_verdicts j WHERE j.exchange_id = e.id) AS verdicts';

interface ListRow {
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
  notes: string;
  connection_test: 0 | 1;
  injected: string | null;
  verdicts: string | null;
}

/**
 * How long a search may spend indexing the exchanges recorded since the indexer's last batch before
 * it answers. Usually that is a tick's worth (a few ms) and the answer is exact; after opening a
 * large file the indexer has a long way to go, and the search answers at once, saying how many
 * exchanges in its scope are still being indexed (`indexing`), rather than making the inspector wait.
 *
 * Why not match the unindexed rows some other way: the search language's semantics are FTS5's
 * tokenizer and phrase/prefix rules; a second matcher would have to agree with it exactly, and
 * merging two sources under a total, offsets and cursors is more code than the rare case is worth.
 */
export const SEARCH_CATCH_UP_MS = 150;

/**
 * The traffic list's query. With words or typed terms: one FTS5 MATCH over the index of migration 9
 * (search terms and scope together), which yields matching ids newest first without reading an
 * exchange; only the page's rows are then read, without bodies. The total is the index's count of
 * matches. Conditions the index does not hold (a resource, a time range) are checked on the rows.
 * With a scope only (a session, a workspace, hiding connection tests): the exchange rows by their
 * indexes, exact whatever the indexer has reached.
 *
 * The list runs on `runner` (a worker thread for a database file, see search-runner.ts); the live
 * feed's polls, which read a few new rows by id, run on the engine's own connection.
 */
export class ExchangeSearch {
  private readonly indexedThrough;

  constructor(
    private readonly db: Database,
    private readonly runner: SearchRunner,
    private readonly indexer?: SearchIndexer,
  ) {
    this.indexedThrough = db.prepare('SELECT indexed_through FROM exchange_search_progress').pluck();
  }

  async search(request: ExchangeSearchRequest): Promise<ExchangeSearchResponse> {
    const limit = Math.min(Math.max(1, request.limit ?? DEFAULT_PAGE), MAX_PAGE);
    if (this.indexer && usesIndex(request)) await this.indexer.catchUp(SEARCH_CATCH_UP_MS);
    const [total, rows, indexing = 0] = (await this.runner.run(searchQueries(request, limit))) as [number, ListRow[], number?];
    const page = rows.slice(0, limit);
    return { items: page.map(toListItem), nextCursor: rows.length > limit ? page.at(-1)!.id : null, total, indexing };
  }

  /**
   * The live feed's poll: exchanges with `after < id <= through` that the filter matches, oldest
   * first, at most `limit` — the same query as the list, so a live row shows exactly when a reload
   * would show it — how many matched in all (more than `limit`: the feed says how many it skipped),
   * and up to which id it looked. A search of the index looks only as far as the indexer has
   * reached (after asking it for a batch), so the next poll takes up the rest and no live row is
   * passed over.
   */
  newMatches(filter: SearchFilter, after: number, through: number, limit: number): { items: ExchangeListItem[]; total: number; through: number } {
    let queries: ReadQuery[];
    if (usesIndex(filter)) {
      this.indexer?.indexBatch();
      through = Math.min(through, this.indexedThrough.get() as number);
      if (through <= after) return { items: [], total: 0, through: after };
      const match = matchExpression(filter)!;
      queries = [
        {
          sql: 'SELECT count(*) FROM exchange_search WHERE exchange_search MATCH ? AND rowid > ? AND rowid <= ?',
          params: [match, after, through],
          pluck: true,
        },
        matchingRows(match, { after, through, limit, offset: 0, newestFirst: false }),
      ];
    } else {
      // Read past the indexer's mark: the rows it has not judged yet are judged first, so they go out with their verdict.
      this.indexer?.judgeBetween(after, through, limit);
      const { sql, params } = scopeConditions(filter);
      const where = ['e.id > ?', 'e.id <= ?', ...sql].join(' AND ');
      queries = [
        { sql: `SELECT count(*) FROM exchanges e WHERE ${where}`, params: [after, through, ...params], pluck: true },
        { sql: `SELECT ${LIST_COLUMNS} FROM exchanges e WHERE ${where} ORDER BY e.id LIMIT ?`, params: [after, through, ...params, limit] },
      ];
    }
    const [total, rows] = readAll(this.db, queries) as [number, ListRow[]];
    return { items: rows.map(toListItem), total, through };
  }
}

/**
 * The count and the page (`limit + 1` rows: one more tells whether another page follows), and for
 * a search of the index, how many exchanges of the scope it has not reached yet — read in the same
 * transaction, so the three agree.
 */
function searchQueries(request: ExchangeSearchRequest, limit: number): ReadQuery[] {
  const offset = Math.max(0, request.offset ?? 0);
  const cursor = request.cursor === undefined ? [] : [request.cursor];
  const scope = scopeConditions(request);
  if (!usesIndex(request)) {
    const where = scope.sql.length > 0 ? `WHERE ${scope.sql.join(' AND ')}` : '';
    const pageWhere = [...scope.sql, ...(cursor.length ? ['e.id < ?'] : [])];
    return [
      { sql: `SELECT count(*) FROM exchanges e ${where}`, params: scope.params, pluck: true },
      {
        sql: `SELECT ${LIST_COLUMNS} FROM exchanges e ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''} ORDER BY e.id DESC LIMIT ? OFFSET ?`,
        params: [...scope.params, ...cursor, limit + 1, offset],
      },
    ];
  }
  const match = matchExpression(request)!;
  const indexing: ReadQuery = {
    sql: `SELECT count(*) FROM exchanges e WHERE ${['e.id > (SELECT indexed_through FROM exchange_search_progress)', ...scope.sql].join(' AND ')}`,
    params: scope.params,
    pluck: true,
  };
  const { sql: conditions, params } = rowConditions(request);
  if (conditions.length > 0) {
    // Narrow and rare (a resource's exchanges): the rows are filtered, each checked against the index by id.
    conditions.push('EXISTS (SELECT 1 FROM exchange_search WHERE exchange_search MATCH ? AND rowid = e.id)');
    params.push(match);
    const where = `WHERE ${conditions.join(' AND ')}`;
    return [
      { sql: `SELECT count(*) FROM exchanges e ${where}`, params, pluck: true },
      {
        sql: `SELECT ${LIST_COLUMNS} FROM exchanges e ${where}${cursor.length ? ' AND e.id < ?' : ''} ORDER BY e.id DESC LIMIT ? OFFSET ?`,
        params: [...params, ...cursor, limit + 1, offset],
      },
      indexing,
    ];
  }
  return [
    { sql: 'SELECT count(*) FROM exchange_search WHERE exchange_search MATCH ?', params: [match], pluck: true },
    matchingRows(match, { before: request.cursor, limit: limit + 1, offset, newestFirst: true }),
    indexing,
  ];
}

/** The index gives the ids in order within the id range; only those rows are read. */
function matchingRows(
  match: string,
  page: { before?: number; after?: number; through?: number; limit: number; offset: number; newestFirst: boolean },
): ReadQuery {
  const where = ['exchange_search MATCH ?'];
  const params: unknown[] = [match];
  if (page.before !== undefined) {
    where.push('rowid < ?');
    params.push(page.before);
  }
  if (page.after !== undefined) {
    where.push('rowid > ?');
    params.push(page.after);
  }
  if (page.through !== undefined) {
    where.push('rowid <= ?');
    params.push(page.through);
  }
  const order = page.newestFirst ? 'DESC' : 'ASC';
  return {
    sql: `SELECT ${LIST_COLUMNS} FROM (SELECT rowid AS id FROM exchange_search WHERE ${where.join(' AND ')} ORDER BY rowid ${order} LIMIT ? OFFSET ?) m
          JOIN exchanges e ON e.id = m.id ORDER BY e.id ${order}`,
    params: [...params, page.limit, page.offset],
  };
}

/**
 * The scope as conditions on the exchange rows, each answered by an index (by session, by
 * workspace, the partial index of connection tests), plus the row conditions.
 */
function scopeConditions(request: SearchFilter & Pick<ExchangeSearchRequest, 'resource' | 'from' | 'to'>): { sql: string[]; params: unknown[] } {
  const { sql, params } = rowConditions(request);
  if (request.session !== undefined) {
    sql.push('e.session_id = ?');
    params.push(request.session);
  }
  if (request.workspace !== undefined) {
    sql.push('e.workspace = ? COLLATE NOCASE');
    params.push(request.workspace);
  }
  if (request.hideConnectionTests) sql.push('e.id NOT IN (SELECT id FROM exchanges WHERE connection_test = 1)');
  return { sql, params };
}

function rowConditions(request: Pick<ExchangeSearchRequest, 'resource' | 'from' | 'to'>): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (request.resource !== undefined) {
    sql.push('e.id IN (SELECT exchange_id FROM resource_versions WHERE resource_id = ?)');
    params.push(request.resource);
  }
  if (request.from !== undefined) {
    sql.push('e.started >= ?');
    params.push(request.from);
  }
  if (request.to !== undefined) {
    sql.push('e.started <= ?');
    params.push(request.to);
  }
  return { sql, params };
}

function toListItem(row: ListRow): ExchangeListItem {
  // A damaged row is listed by its columns; its detail view says what could not be read (RecordingStore.exchange).
  const parts = new RowParts();
  const notes = parts.read('notes', () => parseNotes(row.notes), []);
  const injected = row.injected ? parts.read('injected', () => parseObject<InjectedFault>(row.injected!), undefined) : undefined;
  const unreadable = parts.note();
  return {
    id: row.id,
    sessionId: row.session_id,
    workspace: row.workspace,
    startedAt: row.started,
    durationMs: row.duration_ms,
    client: row.client,
    source: row.source,
    operation: row.operation,
    method: row.method,
    url: row.url,
    status: row.status,
    notes: (unreadable ? [...notes, unreadable] : notes).map((note) => `${note.kind}:${note.code}`),
    connectionTest: row.connection_test === 1,
    ...(injected && { injected }),
    ...(row.verdicts !== null && { verdicts: countsOf(row.verdicts) }),
  };
}

function countsOf(json: string): VerdictCounts {
  const findings = parseJsonOrUndefined(json);
  return countVerdicts(Array.isArray(findings) ? (findings as VerdictFinding[]) : []);
}
