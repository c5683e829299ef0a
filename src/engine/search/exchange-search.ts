import type { Database } from 'better-sqlite3';
import type { ExchangeListItem, ExchangeSearchResponse } from '../../shared/admin-api';
import type { ClientKind, RecordedNote, RequestSource } from '../../shared/recording';
import { matchExpression, type SearchFilter } from './match-expression';
import { readAll, type ReadQuery, type SearchRunner } from './search-runner';

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

const LIST_COLUMNS = 'e.id, e.session_id, e.workspace, e.started, e.duration_ms, e.client, e.source, e.operation, e.method, e.url, e.status, e.notes, e.connection_test';

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
}

/**
 * The traffic list's query: search terms and scope become one FTS5 MATCH over the index of
 * migration 9, which yields matching ids newest first without reading an exchange; only the page's
 * rows are then read, without bodies. The total is the index's count of matches. Conditions the
 * index does not hold (a resource, a time range) are checked on the rows instead.
 *
 * The list runs on `runner` (a worker thread for a database file, see search-runner.ts); the live
 * feed's polls, which read a few new rows by id, run on the engine's own connection.
 */
export class ExchangeSearch {
  constructor(
    private readonly db: Database,
    private readonly runner: SearchRunner,
  ) {}

  async search(request: ExchangeSearchRequest): Promise<ExchangeSearchResponse> {
    const limit = Math.min(Math.max(1, request.limit ?? DEFAULT_PAGE), MAX_PAGE);
    const [total, rows] = (await this.runner.run(searchQueries(request, limit))) as [number, ListRow[]];
    const page = rows.slice(0, limit);
    return { items: page.map(toListItem), nextCursor: rows.length > limit ? page.at(-1)!.id : null, total };
  }

  /**
   * The live feed's poll: exchanges with `after < id <= through` that the filter matches, oldest
   * first, at most `limit` — the same MATCH as the list, so a live row shows exactly when a reload
   * would show it — and how many matched in all (more than `limit`: the feed says how many it skipped).
   */
  newMatches(filter: SearchFilter, after: number, through: number, limit: number): { items: ExchangeListItem[]; total: number } {
    const match = matchExpression(filter);
    const queries: ReadQuery[] =
      match === undefined
        ? [
            { sql: 'SELECT count(*) FROM exchanges WHERE id > ? AND id <= ?', params: [after, through], pluck: true },
            { sql: `SELECT ${LIST_COLUMNS} FROM exchanges e WHERE e.id > ? AND e.id <= ? ORDER BY e.id LIMIT ?`, params: [after, through, limit] },
          ]
        : [
            { sql: 'SELECT count(*) FROM exchange_search WHERE exchange_search MATCH ? AND rowid > ? AND rowid <= ?', params: [match, after, through], pluck: true },
            matchingRows(match, { after, through, limit, offset: 0, newestFirst: false }),
          ];
    const [total, rows] = readAll(this.db, queries) as [number, ListRow[]];
    return { items: rows.map(toListItem), total };
  }
}

/** The count and the page (`limit + 1` rows: one more tells whether another page follows). */
function searchQueries(request: ExchangeSearchRequest, limit: number): ReadQuery[] {
  const match = matchExpression(request);
  const offset = Math.max(0, request.offset ?? 0);
  const cursor = request.cursor === undefined ? [] : [request.cursor];
  const { sql: conditions, params } = rowConditions(request);
  if (conditions.length > 0) {
    // Narrow and rare (a resource's exchanges): the rows are filtered, each checked against the index by id.
    if (match !== undefined) {
      conditions.push('EXISTS (SELECT 1 FROM exchange_search WHERE exchange_search MATCH ? AND rowid = e.id)');
      params.push(match);
    }
    const where = `WHERE ${conditions.join(' AND ')}`;
    return [
      { sql: `SELECT count(*) FROM exchanges e ${where}`, params, pluck: true },
      { sql: `SELECT ${LIST_COLUMNS} FROM exchanges e ${where}${cursor.length ? ' AND e.id < ?' : ''} ORDER BY e.id DESC LIMIT ? OFFSET ?`, params: [...params, ...cursor, limit + 1, offset] },
    ];
  }
  if (match !== undefined) {
    return [
      { sql: 'SELECT count(*) FROM exchange_search WHERE exchange_search MATCH ?', params: [match], pluck: true },
      matchingRows(match, { before: request.cursor, limit: limit + 1, offset, newestFirst: true }),
    ];
  }
  return [
    { sql: 'SELECT count(*) FROM exchanges', params: [], pluck: true },
    { sql: `SELECT ${LIST_COLUMNS} FROM exchanges e ${cursor.length ? 'WHERE e.id < ?' : ''} ORDER BY e.id DESC LIMIT ? OFFSET ?`, params: [...cursor, limit + 1, offset] },
  ];
}

/** The index gives the ids in order within the id range; only those rows are read. */
function matchingRows(match: string, page: { before?: number; after?: number; through?: number; limit: number; offset: number; newestFirst: boolean }): ReadQuery {
  const where = ['exchange_search MATCH ?'];
  const params: unknown[] = [match];
  if (page.before !== undefined) where.push('rowid < ?'), params.push(page.before);
  if (page.after !== undefined) where.push('rowid > ?'), params.push(page.after);
  if (page.through !== undefined) where.push('rowid <= ?'), params.push(page.through);
  const order = page.newestFirst ? 'DESC' : 'ASC';
  return {
    sql: `SELECT ${LIST_COLUMNS} FROM (SELECT rowid AS id FROM exchange_search WHERE ${where.join(' AND ')} ORDER BY rowid ${order} LIMIT ? OFFSET ?) m
          JOIN exchanges e ON e.id = m.id ORDER BY e.id ${order}`,
    params: [...params, page.limit, page.offset],
  };
}

function rowConditions(request: ExchangeSearchRequest): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (request.resource !== undefined) sql.push('e.id IN (SELECT exchange_id FROM resource_versions WHERE resource_id = ?)'), params.push(request.resource);
  if (request.from !== undefined) sql.push('e.started >= ?'), params.push(request.from);
  if (request.to !== undefined) sql.push('e.started <= ?'), params.push(request.to);
  return { sql, params };
}

function toListItem(row: ListRow): ExchangeListItem {
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
    notes: (JSON.parse(row.notes) as RecordedNote[]).map((note) => `${note.kind}:${note.code}`),
    connectionTest: row.connection_test === 1,
  };
}
