import type { Database } from 'better-sqlite3';
import type { HeaderList, RecordedExchange, RecordedNote } from '../../shared/recording';
import { isConnectionTest } from '../../shared/search/connection-test';
import { searchDocument, type SearchableExchange } from './search-text';
import { parseJsonObject, parseJsonOrUndefined } from '../../shared/json-values';
import type { ParsedBodies } from '../verdicts/exchange-facts';

/** An exchange as the indexer reads it: the columns its search document is made of. */
export interface IndexRow {
  id: number;
  method: string;
  url: string;
  status: number;
  session_id: number;
  workspace: string;
  client: SearchableExchange['client'];
  operation: string;
  request: string;
  response: string;
  notes: string;
  connection_test: 0 | 1;
  has_changes: 0 | 1;
}

/** The exchanges above `after`, oldest first, with what their search document needs. */
export const INDEX_ROWS_SQL = `SELECT id, method, url, status, session_id, workspace, client, operation, request, response, notes, connection_test,
         EXISTS (SELECT 1 FROM resource_versions v WHERE v.exchange_id = e.id) AS has_changes
  FROM exchanges e WHERE id > ? ORDER BY id LIMIT ?`;

/**
 * What the indexer reads: INDEX_ROWS_SQL's columns, what a fault injected, and the exchange's verdict (migration 14; null:
 * not judged yet). Migrations before 16 use INDEX_ROWS_SQL, whose tables they know.
 */
export const INDEXER_ROWS_SQL = `SELECT e.id, method, url, status, session_id, workspace, client, operation, request, response, notes, connection_test, injected,
         request_body, response_body,
         EXISTS (SELECT 1 FROM resource_versions v WHERE v.exchange_id = e.id) AS has_changes,
         (SELECT findings FROM exchange_verdicts j WHERE j.exchange_id = e.id) AS verdicts
  FROM exchanges e WHERE e.id > ? ORDER BY e.id LIMIT ?`;

/** With what a fault did (migration 12's `injected`, JSON; null: nothing) and the bodies stored apart (migration 15). */
export type IndexerRow = IndexRow & { verdicts: string | null; injected: string | null; request_body: string | null; response_body: string | null };

/**
 * Every field in one literal, those the indexer fills in later included: every exchange it handles
 * has one shape, which keeps the code that reads them (verdict rules, search text) fast.
 */
export function searchableOf(
  row: IndexRow & { request_body?: string | null; response_body?: string | null },
): SearchableExchange & { parsedBodies?: ParsedBodies } {
  const request = parts(row.request, row.request_body);
  const response = parts(row.response, row.response_body);
  return {
    sessionId: row.session_id,
    workspace: row.workspace,
    client: row.client,
    operation: row.operation,
    request: { method: row.method, url: row.url, headers: request.headers, body: request.body },
    response: { status: row.status, headers: response.headers, body: response.body },
    notes: notesOf(row.notes),
    changes: row.has_changes ? [true] : [],
    verdicts: undefined,
    injected: undefined,
    parsedBodies: undefined,
  };
}

/** Exchanges read per page while flagging those recorded before migration 9: memory stays flat however many there are. */
const FLAG_PAGE = 1000;

/**
 * Migration 9's JS part: sets the connection-test flag of the existing exchanges. Only GETs of
 * /Users answered 200 can be one; a response is read only for a lookup by filter (the flag then
 * depends on its body), so this reads little of a large file. Returns the ids it newly flagged.
 */
export function flagConnectionTests(db: Database): number[] {
  const page = db.prepare<[number, number], { id: number; url: string }>(
    "SELECT id, url FROM exchanges WHERE id > ? AND method = 'GET' AND status = 200 AND url LIKE '%/Users%?%' ORDER BY id LIMIT ?",
  );
  const responseOf = db.prepare<[number], string>('SELECT response FROM exchanges WHERE id = ?').pluck();
  const flag = db.prepare<[number]>('UPDATE exchanges SET connection_test = 1 WHERE id = ? AND connection_test = 0');
  const flagged: number[] = [];
  for (let after = 0; ;) {
    const rows = page.all(after, FLAG_PAGE);
    if (rows.length === 0) return flagged;
    for (const { id, url } of rows) {
      const response = /[?&]filter=/i.test(url) ? parts(responseOf.get(id) ?? '') : { headers: [], body: null };
      const exchange = { request: { method: 'GET', url, headers: [], body: null }, response: { status: 200, ...response } } as Pick<
        RecordedExchange,
        'request' | 'response'
      >;
      if (isConnectionTest(exchange) && flag.run(id).changes > 0) flagged.push(id);
    }
    after = rows.at(-1)!.id;
  }
}

/**
 * Migration 11's JS part: flags the probes the rule learnt to see (Okta's `count=2`) and rewrites
 * the index row of those already indexed, whose facets still say "not a connection test" (a search
 * with words would show them). Few rows: a probe per connection test.
 */
export function reflagConnectionTests(db: Database): void {
  const mark = db.prepare<[], number>('SELECT indexed_through FROM exchange_search_progress').pluck().get() ?? 0;
  const row = db.prepare<[number, number], IndexRow>(INDEX_ROWS_SQL);
  const remove = db.prepare<[number]>('DELETE FROM exchange_search WHERE rowid = ?');
  const insert = db.prepare('INSERT INTO exchange_search (rowid, text, op, path, user, notes, facets) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const id of flagConnectionTests(db)) {
    if (id > mark) continue; // the indexer has not reached it: it will index it with the flag
    const indexRow = row.get(id - 1, 1);
    if (indexRow?.id !== id) continue;
    const document = searchDocument(searchableOf(indexRow), true);
    remove.run(id);
    insert.run(id, document.text, document.op, document.path, document.user, document.notes, document.facets);
  }
}

/*
 * Rows written by older versions (or by hand) are read forgivingly: what is not in the expected
 * shape is indexed as absent, so no row can stop the indexer (or make a migration throw).
 */
function parts(json: string, storedBody?: string | null): { headers: HeaderList; body: string | null } {
  const value = parseJsonObject(json);
  const headers = Array.isArray(value?.headers)
    ? value.headers.filter((header): header is [string, string] => Array.isArray(header) && typeof header[0] === 'string' && typeof header[1] === 'string')
    : [];
  // A body column that is not NULL is the body (migration 15, store/exchange-bodies.ts).
  if (typeof storedBody === 'string') return { headers, body: storedBody };
  return { headers, body: typeof value?.body === 'string' ? value.body : null };
}

function notesOf(json: string): RecordedNote[] {
  if (json === '[]') return []; // most exchanges: no parse
  const value = parseJsonOrUndefined(json);
  return Array.isArray(value) ? value.filter((note): note is RecordedNote => typeof note?.kind === 'string' && typeof note?.code === 'string') : [];
}
