import type { RecordedExchange } from '../../shared/recording';
import { isSessionFile, parseSessionFile } from '../recorder/session-file';
import { fromHar } from '../recorder/har';
import { pathFromScimBase } from '../../shared/scim-paths';

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
