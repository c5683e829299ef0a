import type { ClientKind, HeaderList, RecordedNote } from '../../shared/recording';
import { isPlainObject } from '../../shared/json-values';

/** What the verdict engine needs of one exchange: any recorded one (local, proxied, imported). */
export interface JudgeableExchange {
  client: ClientKind;
  request: { method: string; url: string; headers: HeaderList; body: string | null };
  response: { status: number; headers: HeaderList; body: string | null };
  notes?: readonly (Pick<RecordedNote, 'kind'> & { code?: string })[];
  /**
   * Both bodies as parseBody reads them, when the caller has them already: the search indexer parses each
   * body once for the verdict and the search text, a page of 100 users costing some 0.5 ms a parse.
   */
  parsedBodies?: ParsedBodies;
}

/** A request's and a response's body parsed (undefined: empty, too large or not JSON). */
export interface ParsedBodies {
  request: unknown;
  response: unknown;
}

/** The SCIM operation an exchange was, from its method and path. */
export type OperationKind = 'create' | 'read' | 'list' | 'replace' | 'patch' | 'delete' | 'discovery' | 'other';

export type ResourceEndpoint = 'Users' | 'Groups';

/** One exchange read once for every rule: the operation, the parsed bodies, the headers by name. */
export interface ExchangeFacts {
  client: ClientKind;
  method: string;
  kind: OperationKind;
  /** The resource endpoint addressed (Users, Groups); undefined for discovery and others. */
  endpoint?: ResourceEndpoint;
  /** The id in the path (`/Users/{id}`), decoded. */
  resourceId?: string;
  query: URLSearchParams;
  /** A list with a `filter` (a GET's query or a POST /.search body's). */
  filter?: string;
  status: number;
  /** A response header's value (names are matched in lower case). */
  header(name: string): string | undefined;
  requestBody: unknown;
  /** The response body parsed, or undefined when empty or not JSON. */
  body: unknown;
  /** The response body as recorded ('' when none). */
  bodyText: string;
  /** The answer had a body that was not read: too large to parse, or not recorded. Only its status and headers are judged. */
  bodyUnread: boolean;
}

/** Bodies above this are not parsed (a verdict on them is not worth the time on the event loop). */
export const MAX_JUDGED_BODY = 4 * 1024 * 1024;

const RESOURCE_ENDPOINTS: Record<string, ResourceEndpoint> = { users: 'Users', groups: 'Groups' };
const DISCOVERY = new Set(['serviceproviderconfig', 'serviceproviderconfigs', 'schemas', 'resourcetypes']);

/**
 * The exchange as facts, or undefined when it is no SCIM operation the rules judge: an unknown
 * path, the OAuth token endpoint, /Bulk, a request the recorder kept in summary form only (its
 * body is not the answer sent). The endpoint is found from the end of the path, so any base path
 * works (`/scim/v2`, `/w/demo/scim/v2`, an upstream's `/api/scim`).
 */
export function factsOf(exchange: JudgeableExchange): ExchangeFacts | undefined {
  if (exchange.notes?.some((note) => note.kind === 'summarised')) return undefined;
  const { request, response } = exchange;
  const [rawPath = '', rawQuery = ''] = splitOnce(request.url, '?');
  // Only the last two segments say what was addressed: the rest of the path is not decoded.
  const segments = rawPath.split('/').filter(Boolean).slice(-2).map(decode);
  const method = request.method.toUpperCase();
  const last = segments.at(-1)?.toLowerCase() ?? '';
  const beforeLast = segments.at(-2)?.toLowerCase() ?? '';
  let kind: OperationKind = 'other';
  let endpoint: ResourceEndpoint | undefined;
  let resourceId: string | undefined;
  if (RESOURCE_ENDPOINTS[last]) {
    endpoint = RESOURCE_ENDPOINTS[last];
    kind = method === 'POST' ? 'create' : method === 'GET' ? 'list' : 'other';
  } else if (last === '.search' && RESOURCE_ENDPOINTS[beforeLast]) {
    endpoint = RESOURCE_ENDPOINTS[beforeLast];
    kind = method === 'POST' ? 'list' : 'other';
  } else if (RESOURCE_ENDPOINTS[beforeLast]) {
    endpoint = RESOURCE_ENDPOINTS[beforeLast];
    resourceId = segments.at(-1);
    kind = ({ GET: 'read', PUT: 'replace', PATCH: 'patch', DELETE: 'delete' } as const)[method as 'GET'] ?? 'other';
  } else if ((DISCOVERY.has(last) || DISCOVERY.has(beforeLast)) && method === 'GET') {
    kind = 'discovery';
  }
  if (kind === 'other') return undefined;
  const headers = new Map<string, string>();
  for (const [name, value] of response.headers) headers.set(name.toLowerCase(), value);
  const query = new URLSearchParams(rawQuery);
  const parsed = exchange.parsedBodies;
  const requestBody = parsed ? parsed.request : parseBody(request.body);
  const searchFilter = isPlainObject(requestBody) && typeof requestBody.filter === 'string' ? requestBody.filter : undefined;
  const filter = kind === 'list' ? (query.get('filter') ?? searchFilter ?? undefined) : undefined;
  return {
    client: exchange.client,
    method,
    kind,
    endpoint,
    resourceId,
    query: kind === 'list' && method === 'POST' ? searchQuery(requestBody) : query,
    filter,
    status: response.status,
    header: (name) => headers.get(name),
    requestBody,
    body: parsed ? parsed.response : parseBody(response.body),
    bodyText: response.body ?? '',
    bodyUnread: (response.body?.length ?? 0) > MAX_JUDGED_BODY || (exchange.notes?.some((note) => note.code === 'bodyNotRecorded') ?? false),
  };
}

/** A POST /.search's paging and filter as the query parameters a GET would carry. */
function searchQuery(body: unknown): URLSearchParams {
  const query = new URLSearchParams();
  if (!isPlainObject(body)) return query;
  for (const key of ['filter', 'startIndex', 'count', 'attributes', 'excludedAttributes'])
    if (typeof body[key] === 'string' || typeof body[key] === 'number') query.set(key, String(body[key]));
  return query;
}

/** A body as the rules read it: parsed JSON, or undefined when empty, over MAX_JUDGED_BODY or not JSON. */
export function parseBody(text: string | null): unknown {
  if (!text || text.length > MAX_JUDGED_BODY) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The key of `record` that is `name` ignoring case (SCIM attribute names are case-insensitive, RFC 7643 §2.1). */
export function keyOf(record: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(record, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(record).find((key) => key.toLowerCase() === lower);
}

export function valueOf(record: Record<string, unknown>, name: string): unknown {
  const key = keyOf(record, name);
  return key === undefined ? undefined : record[key];
}
