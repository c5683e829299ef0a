import type { RecordedExchange } from '../recording';

/**
 * An IdP's repeated "test connection" probe: Okta's `GET /Users?startIndex=1&count=1`, and Entra's
 * lookup of a random GUID as a userName, answered with no user. The engine stores the answer beside
 * each exchange (so the list can hide them without reading bodies); shared so both sides agree.
 */
export function isConnectionTest(exchange: Pick<RecordedExchange, 'request' | 'response'>): boolean {
  const { request, response } = exchange;
  if (request.method !== 'GET' || response.status !== 200 || !/\/Users\/?\?/i.test(request.url)) return false;
  const query = new URLSearchParams(request.url.split('?')[1]);
  const filter = query.get('filter');
  if (!filter) return query.get('count') === '1';
  return (
    /^userName eq "?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"?$/i.test(filter.trim()) && /"totalResults"\s*:\s*0/.test(response.body ?? '')
  );
}
