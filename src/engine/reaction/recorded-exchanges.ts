import type { Statement } from 'better-sqlite3';
import type { ClientKind } from '../../shared/recording';
import type { RecordingStore } from '../store/recordings';
import { bodySql } from '../store/exchange-bodies';
import { MODELLED_HEADER, type ReactionExchange } from './reaction-exchange';

interface Row {
  id: number;
  started: string;
  client: ClientKind;
  workspace: string;
  method: string;
  url: string;
  status: number;
  requestBody: string | null;
  modelled: string | null;
  retryAfter: string | null;
}

/** Rows per read: a page is read whole, then handed out, so the connection is free for the bodies read meanwhile. */
const PAGE = 2000;

const headerValue = (column: 'request' | 'response', name: string) =>
  `(SELECT json_extract(h.value, '$[1]') FROM json_each(${column}, '$.headers') h WHERE json_extract(h.value, '$[0]') = '${name}' LIMIT 1)`;

/**
 * A session's exchanges as the retry detector reads them, oldest first, page by page. SQLite's JSON
 * functions pick the request body and the two headers out of the stored JSON, so no exchange is parsed
 * whole; an answer's body is read only when the detector asks for it.
 */
export class RecordedExchanges {
  private readonly page: Statement;
  private readonly answer: Statement;

  constructor(private readonly recordings: RecordingStore) {
    const db = recordings.connection;
    this.page = db.prepare(
      `SELECT id, started, client, workspace, method, url, status, ${bodySql('request')} AS requestBody,
         ${headerValue('request', MODELLED_HEADER)} AS modelled, ${headerValue('response', 'retry-after')} AS retryAfter
       FROM exchanges WHERE session_id = ? AND id > ? ORDER BY id LIMIT ?`,
    );
    this.answer = db.prepare(`SELECT ${bodySql('response')} FROM exchanges WHERE id = ?`).pluck();
  }

  *ofSession(sessionId: number): Generator<ReactionExchange> {
    for (const page of this.pagesOf(sessionId)) yield* page;
  }

  /** The same, a page at a time: a caller can let other work run between pages. */
  *pagesOf(sessionId: number): Generator<ReactionExchange[]> {
    this.recordings.beforeRead();
    let after = 0;
    for (;;) {
      const rows = this.page.all(sessionId, after, PAGE) as Row[];
      yield rows.map((row) => this.toExchange(row));
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.id;
    }
  }

  private toExchange(row: Row): ReactionExchange {
    return {
      id: row.id,
      startedAt: row.started,
      client: row.client,
      workspace: row.workspace,
      method: row.method,
      url: row.url,
      status: row.status,
      requestBody: row.requestBody,
      responseBody: () => (this.answer.get(row.id) as string | null | undefined) ?? null,
      ...(row.retryAfter !== null && { retryAfter: String(row.retryAfter) }),
      ...(row.modelled !== null && { modelled: String(row.modelled) }),
    };
  }
}
