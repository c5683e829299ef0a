import type { ExchangeListQuery } from '../../../shared/admin-api';
import type { ClientKind, RecordedExchange } from '../../../shared/recording';

/**
 * The filter bar's language: typed terms and free text, e.g.
 * `status:4xx method:PATCH client:okta path:/Groups user:jane provisioning`.
 * A hand-written parser: terms are `key:value` split on spaces, small enough that a grammar
 * library would be more code than the grammar.
 */
export interface FilterTerms {
  status?: string;
  method?: string;
  client?: ClientKind;
  path?: string;
  user?: string;
  text: string[];
  /** Terms the bar did not understand, shown so the user can fix them. */
  invalid: string[];
}

const CLIENTS: readonly ClientKind[] = ['okta', 'entra', 'onelogin', 'workbench', 'other'];

export function parseFilterTerms(input: string): FilterTerms {
  const terms: FilterTerms = { text: [], invalid: [] };
  for (const word of input.trim().split(/\s+/).filter(Boolean)) {
    const colon = word.indexOf(':');
    const key = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? word.slice(colon + 1) : '';
    if (!key || !['status', 'method', 'client', 'path', 'user'].includes(key)) {
      terms.text.push(word);
    } else if (!value) {
      terms.invalid.push(word);
    } else if (key === 'status') {
      if (/^([1-5]xx|[1-5]\d\d)$/i.test(value)) terms.status = value.toLowerCase();
      else terms.invalid.push(word);
    } else if (key === 'method') {
      terms.method = value.toUpperCase();
    } else if (key === 'client') {
      const client = CLIENTS.find((candidate) => candidate === value.toLowerCase());
      if (client) terms.client = client;
      else terms.invalid.push(word);
    } else if (key === 'path') {
      terms.path = value;
    } else {
      terms.user = value;
    }
  }
  return terms;
}

/** The part the admin API filters on (text is searched in URLs and bodies there). */
export function toQuery(terms: FilterTerms): ExchangeListQuery {
  const text = [...terms.text, terms.path, terms.user].filter(Boolean).join(' ');
  return { status: terms.status, method: terms.method, client: terms.client, q: text || undefined };
}

/** The same filter on one exchange, for rows arriving on the live feed. */
export function matchesTerms(exchange: RecordedExchange, terms: FilterTerms): boolean {
  const { request, response } = exchange;
  if (terms.method && request.method !== terms.method) return false;
  if (terms.client && exchange.client !== terms.client) return false;
  if (terms.status) {
    const statusClass = /^([1-5])xx$/.exec(terms.status);
    if (statusClass ? Math.floor(response.status / 100) !== Number(statusClass[1]) : response.status !== Number(terms.status)) return false;
  }
  if (terms.path && !request.url.toLowerCase().includes(terms.path.toLowerCase())) return false;
  const haystack = `${request.url}\n${request.body ?? ''}\n${response.body ?? ''}\n${exchange.operation}`.toLowerCase();
  if (terms.user && !haystack.includes(terms.user.toLowerCase())) return false;
  return terms.text.every((word) => haystack.includes(word.toLowerCase()));
}

/**
 * An IdP's repeated "test connection" probe: Okta's `GET /Users?startIndex=1&count=1`, and Entra's
 * lookup of a random GUID as a userName, answered with no user.
 */
export function isConnectionTest(exchange: RecordedExchange): boolean {
  const { request, response } = exchange;
  if (request.method !== 'GET' || response.status !== 200 || !/\/Users\/?\?/i.test(request.url)) return false;
  const query = new URLSearchParams(request.url.split('?')[1]);
  const filter = query.get('filter');
  if (!filter) return query.get('count') === '1';
  return /^userName eq "?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"?$/i.test(filter.trim()) && /"totalResults"\s*:\s*0/.test(response.body ?? '');
}
