import type { RecordedExchange } from '../../shared/recording';
import { isSessionFile, parseSessionFile } from '../recorder/session-file';
import { fromHar } from '../recorder/har';
import { pathFromScimBase } from '../../shared/scim-paths';
import { UNREADABLE_REQUEST } from '../store/unreadable-rows';

/** An exchange to replay lost its request's stored part with its damaged row (engine/store/unreadable-rows.ts): its headers at least. */
export class UnreadableExchangeError extends Error {
  override name = 'UnreadableExchangeError';
}

/** One request to send again, with what was answered when it was recorded. */
export interface ReplayStep {
  sourceId?: number;
  startedAt: string;
  method: string;
  /** Relative to the SCIM base URL: `/Users?filter=…`, `/Groups/abc`. */
  path: string;
  headers: Record<string, string>;
  body: string | null;
  recorded: { status: number; body: string | null };
}

/** Headers never sent again: credentials (the target's own are used), and what fetch sets itself. */
const DROPPED_HEADERS = new Set([
  'authorization',
  'cookie',
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'accept-encoding',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'cf-connecting-ip',
]);

export function stepsFromExchanges(exchanges: readonly Omit<RecordedExchange, 'id' | 'sessionId'>[] | readonly RecordedExchange[]): ReplayStep[] {
  const damaged = exchanges.find((exchange) => exchange.notes.some((note) => note.kind === 'unreadable' && note.code === UNREADABLE_REQUEST));
  if (damaged) {
    const which = 'id' in damaged ? `Exchange #${damaged.id}` : `The exchange of ${damaged.startedAt}`;
    throw new UnreadableExchangeError(
      `${which} lost its request's headers in a damaged database (see its note), so it cannot be sent again as it was recorded. Replay the exchanges around it instead.`,
    );
  }
  return exchanges.map((exchange) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of exchange.request.headers) if (!DROPPED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
    return {
      ...('id' in exchange && { sourceId: exchange.id }),
      startedAt: exchange.startedAt,
      method: exchange.request.method.toUpperCase(),
      path: pathFromScimBase(exchange.request.url),
      headers,
      body: exchange.request.body,
      recorded: { status: exchange.response.status, body: exchange.response.body },
    };
  });
}

/** Steps from a session file or a HAR (Chrome, HTTP Toolkit, the workbench's own), in recorded order. */
export function stepsFromFile(document: unknown): ReplayStep[] {
  const exchanges = isSessionFile(document) ? parseSessionFile(document).exchanges : fromHar(document);
  return stepsFromExchanges([...exchanges].sort((a, b) => a.startedAt.localeCompare(b.startedAt)));
}
