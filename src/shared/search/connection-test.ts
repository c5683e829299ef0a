import type { RecordedExchange } from '../recording';

/**
 * An IdP's repeated "test connection" probe: Okta's `GET /Users?startIndex=1&count=1` (or
 * `count=2`, which Okta's own connection check sends), and Entra's lookup of a random GUID as a
 * userName, answered with no user. The engine stores the answer beside each exchange (so the list
 * can hide them without reading bodies); shared so both sides agree.
 */
export function isConnectionTest(exchange: Pick<RecordedExchange, 'request' | 'response'>): boolean {
  const { request, response } = exchange;
  if (request.method !== 'GET' || response.status !== 200 || !/\/Users\/?\?/i.test(request.url)) return false;
  const query = queryParameters(request.url);
  const filter = query.get('filter');
  if (filter === undefined) return OKTA_PROBE_COUNTS.has(query.get('count') ?? '') && (query.get('startindex') ?? '1') === '1';
  return (
    /^userName eq "?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"?$/i.test(filter.trim()) && /"totalResults"\s*:\s*0/.test(response.body ?? '')
  );
}

/** Okta pages its probe with one or two users; a real listing asks for a page (Okta: 100, 200). */
const OKTA_PROBE_COUNTS = new Set(['1', '2']);

/**
 * The query's parameters by lower-cased name (the first of a repeated one): SCIM servers take
 * `startIndex`/`count` in any case and any order, and so is a probe recognised.
 */
function queryParameters(url: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(url.split('?')[1])) {
    const key = name.toLowerCase();
    if (!parameters.has(key)) parameters.set(key, value.trim());
  }
  return parameters;
}
