import type { RecordedExchange } from '../../shared/recording';
import { isSessionFile, parseSessionFile } from '../recorder/session-file';
import { fromHar } from '../recorder/har';

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
const DROPPED_HEADERS = new Set(['authorization', 'cookie', 'host', 'content-length', 'connection', 'transfer-encoding', 'accept-encoding', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'cf-connecting-ip']);
const SCIM_ENDPOINT = /\/(Users|Groups|Bulk|Schemas|ServiceProviderConfigs?|ResourceTypes|Me|\.search)(?=[/?]|$)/i;

/**
 * The path of a recorded URL relative to its SCIM base: everything from the endpoint name on
 * (`/scim/v2/Users?x` and `https://x.ngrok.app/w/qa/scim/v2/Users?x` both give `/Users?x`), so a
 * session recorded against one base URL replays against any other.
 */
export function pathFromScimBase(url: string): string {
  // An absolute URL loses its origin; an imported file's malformed one ("https://bad host/…") too, by text.
  const pathAndQuery = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const match = SCIM_ENDPOINT.exec(pathAndQuery.split('?')[0]!);
  return match ? pathAndQuery.slice(match.index) : pathAndQuery;
}

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
