import { jsonOf, queryOf, resourcePath, withJson, type ForwardedRequest, type ForwardedResponse, type PlantedFault } from '../fault-proxy';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

const EMPTY_LIST = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] };

const scimError = (status: number, detail: string, scimType?: string): ForwardedResponse => ({
  status,
  headers: { 'content-type': 'application/scim+json' },
  body: JSON.stringify({ schemas: [ERROR], status: String(status), detail, ...(scimType && { scimType }) }),
});

/** The request with its query changed by `edit`. */
function withQuery(request: ForwardedRequest, edit: (query: URLSearchParams) => void): ForwardedRequest {
  const [path] = request.url.split('?');
  const query = queryOf(request);
  edit(query);
  const text = query.toString();
  return { ...request, url: text ? `${path}?${text}` : path! };
}

/** Each User resource in an answer (a single one or a ListResponse's), for faults that change them. */
function eachUser(response: ForwardedResponse, change: (user: Record<string, unknown>) => void): ForwardedResponse {
  const body = jsonOf(response);
  if (!body || typeof body !== 'object') return response;
  const resources: Record<string, unknown>[] = Array.isArray(body.Resources) ? body.Resources : [body];
  const users = resources.filter((resource) => Array.isArray(resource?.schemas) && (resource.schemas as string[]).includes(USER));
  if (users.length === 0) return response;
  users.forEach(change);
  return withJson(response, body);
}

/** Faults in the protocol surface: filters, paging, sorting, projection, versions, errors, bulk and discovery consistency. */
export const protocolFaults: PlantedFault[] = [
  {
    description: 'a filter with ne is evaluated as eq',
    family: 'filter',
    breaks: ['filter.ne'],
    request: (request) => withQuery(request, (query) => query.has('filter') && query.set('filter', query.get('filter')!.replace(/ ne /g, ' eq '))),
  },
  {
    description: 'a filter the server cannot read matches nothing instead of a 400 invalidFilter',
    family: 'filter',
    breaks: ['filter.unknown-attribute', 'filter.bad-syntax'],
    response: (_request, response) =>
      response.status === 400 && jsonOf(response)?.scimType === 'invalidFilter'
        ? { status: 200, headers: response.headers, body: JSON.stringify(EMPTY_LIST) }
        : response,
  },
  {
    description: 'userName compares case-sensitively (caseExact false ignored)',
    family: 'filter',
    breaks: ['filter.case-insensitive'],
    // What a case-sensitive store answers for a userName written in capitals: nothing (the stored ones are lower case).
    request: (request) =>
      /userName (eq|ne|co|sw|ew) "[^"]*[A-Z]/.test(queryOf(request).get('filter') ?? '')
        ? { status: 200, headers: { 'content-type': 'application/scim+json' }, body: JSON.stringify(EMPTY_LIST) }
        : request,
  },
  {
    description: 'startIndex=0 is refused with a 400',
    family: 'paging',
    breaks: ['paging.start-index-zero'],
    request: (request) => (queryOf(request).get('startIndex') === '0' ? scimError(400, 'startIndex must be at least 1.', 'invalidValue') : request),
  },
  {
    description: 'count=0 is ignored and a full page comes back',
    family: 'paging',
    breaks: ['paging.count-zero'],
    request: (request) => withQuery(request, (query) => query.get('count') === '0' && query.delete('count')),
  },
  {
    description: 'a count above filter.maxResults is refused with a 400 instead of capped',
    family: 'paging',
    breaks: ['paging.count-over-max'],
    request: (request) => (Number(queryOf(request).get('count')) > 1000 ? scimError(400, 'count is above the maximum.', 'invalidValue') : request),
  },
  {
    description: 'itemsPerPage echoes the count asked for, not the resources served',
    family: 'paging',
    breaks: ['paging.past-the-end'],
    response: (request, response) => {
      const body = jsonOf(response);
      const count = queryOf(request).get('count');
      return count !== null && Array.isArray(body?.Resources) ? withJson(response, { ...body, itemsPerPage: Number(count) }) : response;
    },
  },
  {
    description: 'sortBy is ignored: lists come in creation order',
    family: 'sort',
    breaks: ['sort.ascending', 'sort.descending', 'sort.default-ascending', 'discovery.feature-claims'],
    request: (request) => withQuery(request, (query) => query.delete('sortBy')),
  },
  {
    description: 'sortOrder is ignored: lists are always ascending',
    family: 'sort',
    breaks: ['sort.descending', 'discovery.feature-claims'],
    request: (request) => withQuery(request, (query) => query.delete('sortOrder')),
  },
  {
    description: 'attributes is ignored: whole resources come back',
    family: 'projection',
    breaks: ['projection.attributes', 'projection.sub-attribute', 'projection.list'],
    request: (request) => withQuery(request, (query) => query.delete('attributes')),
  },
  {
    description: 'excludedAttributes is ignored',
    family: 'projection',
    breaks: ['projection.excluded-attributes', 'entra.group-filter-excluded-members', 'large-groups.excluded-members'],
    request: (request) => withQuery(request, (query) => query.delete('excludedAttributes')),
  },
  {
    description: 'users are answered with their password',
    family: 'projection',
    breaks: ['projection.password-never-returned', 'okta.password-change'],
    response: (_request, response) => eachUser(response, (user) => (user.password = 'leaked-password')),
  },
  {
    description: 'If-Match is ignored: stale writes go through',
    family: 'etag',
    breaks: ['etag.put-stale', 'etag.patch-stale', 'etag.delete-stale'],
    request: (request) => {
      const headers = { ...request.headers };
      delete headers['if-match'];
      return { ...request, headers };
    },
  },
  {
    description: 'no ETag header although ServiceProviderConfig declares etag',
    family: 'etag',
    breaks: ['etag.header-matches-version', 'discovery.feature-claims'],
    response: (_request, response) => {
      const headers = { ...response.headers };
      delete headers.etag;
      return { ...response, headers };
    },
  },
  {
    description: 'failOnErrors is ignored: a bulk request runs on after its first error',
    family: 'bulk',
    breaks: ['bulk.fail-on-errors'],
    request: (request) => {
      const body = jsonOf(request);
      if (request.method !== 'POST' || resourcePath(request) !== '/Bulk' || body?.failOnErrors === undefined) return request;
      delete body.failOnErrors;
      return withJson(request, body);
    },
  },
  {
    description: 'a bulk request over maxOperations is answered 200 instead of 413',
    family: 'bulk',
    breaks: ['bulk.max-operations'],
    response: (request, response) =>
      resourcePath(request) === '/Bulk' && response.status === 413
        ? { status: 200, headers: response.headers, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'], Operations: [] }) }
        : response,
  },
  {
    description: 'ServiceProviderConfig declares bulk unsupported, yet /Bulk runs requests',
    family: 'bulk',
    breaks: ['bulk.bulkid-references'],
    response: (request, response) =>
      resourcePath(request) === '/ServiceProviderConfig'
        ? withJson(response, { ...jsonOf(response), bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 } })
        : response,
  },
  {
    description: 'a body that is not JSON is a 500',
    family: 'errors',
    breaks: ['errors.malformed-json'],
    request: (request) =>
      request.body !== '' && jsonOf(request) === undefined
        ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' }
        : request,
  },
  {
    description: 'errors carry their status as a number, not a string',
    family: 'errors',
    breaks: [
      'errors.not-found',
      'errors.malformed-json',
      'errors.missing-required',
      'errors.wrong-schema',
      'errors.put-unknown-id',
      'errors.patch-unknown-id',
      'errors.delete-unknown-id',
      'errors.patch-unknown-op',
      'errors.patch-readonly-id',
      'filter.unknown-attribute',
      'filter.bad-syntax',
      'bulk.max-operations',
      'auth.wrong-credentials-refused',
    ],
    response: (_request, response) => {
      const body = jsonOf(response);
      return Array.isArray(body?.schemas) && body.schemas.includes(ERROR) && typeof body.status === 'string'
        ? withJson(response, { ...body, status: Number(body.status) })
        : response;
    },
  },
  {
    description: '/Schemas leaves out the enterprise extension /ResourceTypes names',
    family: 'discovery',
    breaks: ['discovery.resource-type-schemas'],
    response: (request, response) => {
      const body = jsonOf(response);
      if (resourcePath(request) !== '/Schemas' || !Array.isArray(body?.Resources)) return response;
      const Resources = body.Resources.filter((schema: { id?: string }) => !schema.id?.includes(':extension:enterprise:'));
      return withJson(response, { ...body, Resources, totalResults: Resources.length, itemsPerPage: Resources.length });
    },
  },
  {
    description: '/Schemas leaves out the User attribute title that users carry',
    family: 'discovery',
    breaks: ['discovery.user-attributes-defined'],
    response: (request, response) => {
      const body = jsonOf(response);
      if (resourcePath(request) !== '/Schemas' || !Array.isArray(body?.Resources)) return response;
      for (const schema of body.Resources)
        if (schema.id === USER) schema.attributes = schema.attributes.filter((attribute: { name?: string }) => attribute.name !== 'title');
      return withJson(response, body);
    },
  },
];
