import type { Database, Statement } from 'better-sqlite3';
import type { HeaderList, RecordedNote } from '../../shared/recording';
import { isConnectionTest } from '../../shared/search/connection-test';
import { searchDocument, type SearchableExchange } from './search-text';

/** Writes an exchange's row of the search index (migration 9); the caller holds the exchange's transaction. */
export class SearchIndexWriter {
  private readonly insert: Statement;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO exchange_search (rowid, text, op, path, user, notes, facets) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  add(id: number, exchange: SearchableExchange, connectionTest: boolean): void {
    const document = searchDocument(exchange, connectionTest);
    this.insert.run(id, document.text, document.op, document.path, document.user, document.notes, document.facets);
  }
}

/** Exchanges read per page while indexing those recorded before migration 9: memory stays flat however many there are. */
const BACKFILL_PAGE = 1000;

interface BackfillRow {
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
  has_changes: 0 | 1;
}

/** Migration 9's JS part: indexes every existing exchange and sets its connection-test flag. */
export function backfillExchangeSearch(db: Database): void {
  const page = db.prepare<[number, number], BackfillRow>(
    `SELECT id, method, url, status, session_id, workspace, client, operation, request, response, notes,
            EXISTS (SELECT 1 FROM resource_versions v WHERE v.exchange_id = e.id) AS has_changes
     FROM exchanges e WHERE id > ? ORDER BY id LIMIT ?`,
  );
  const flag = db.prepare<[number]>('UPDATE exchanges SET connection_test = 1 WHERE id = ?');
  const writer = new SearchIndexWriter(db);
  for (let after = 0; ; ) {
    const rows = page.all(after, BACKFILL_PAGE);
    if (rows.length === 0) return;
    for (const row of rows) {
      const exchange: SearchableExchange = {
        sessionId: row.session_id, workspace: row.workspace, client: row.client, operation: row.operation,
        request: { method: row.method, url: row.url, ...parts(row.request) },
        response: { status: row.status, ...parts(row.response) },
        notes: notesOf(row.notes),
        changes: row.has_changes ? [true] : [],
      };
      const connectionTest = isConnectionTest(exchange);
      if (connectionTest) flag.run(row.id);
      writer.add(row.id, exchange, connectionTest);
    }
    after = rows.at(-1)!.id;
  }
}

/*
 * A migration that throws leaves the file unopenable, so rows written by older versions (or by hand)
 * are read forgivingly: what is not in the expected shape is indexed as absent.
 */
function parts(json: string): { headers: HeaderList; body: string | null } {
  const value = parseOrNull(json) as { headers?: unknown; body?: unknown } | null;
  const headers = Array.isArray(value?.headers)
    ? value.headers.filter((header): header is [string, string] => Array.isArray(header) && typeof header[0] === 'string' && typeof header[1] === 'string')
    : [];
  return { headers, body: typeof value?.body === 'string' ? value.body : null };
}

function notesOf(json: string): RecordedNote[] {
  const value = parseOrNull(json);
  return Array.isArray(value) ? value.filter((note): note is RecordedNote => typeof note?.kind === 'string' && typeof note?.code === 'string') : [];
}

function parseOrNull(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}
