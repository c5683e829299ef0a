import { jsonOf, queryOf, resourcePath, withJson, type PlantedFault } from '../fault-proxy';

const isGroupById = (path: string) => /^\/Groups\/[^/]+$/.test(path);

/** Faults in PUT semantics and in groups with many members. */
export const putAndLargeGroupFaults: PlantedFault[] = [
  {
    description: 'PUT merges into the user instead of replacing it (omitted attributes are kept)',
    family: 'put',
    breaks: ['put.clears-omitted'],
    // A PUT becomes the path-less PATCH replace of what it carries: what it leaves out stays.
    request: (request) => {
      if (request.method !== 'PUT' || !resourcePath(request).startsWith('/Users/')) return request;
      const { schemas: _schemas, id: _id, meta: _meta, ...attributes } = jsonOf(request) ?? {};
      return withJson(
        { ...request, method: 'PATCH' },
        { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: attributes }] },
      );
    },
  },
  {
    description: 'PUT of a user that does not exist answers 200',
    family: 'put',
    breaks: ['put.unknown-id', 'errors.put-unknown-id'],
    response: (request, response) => (request.method === 'PUT' && response.status === 404 ? { ...response, status: 200 } : response),
  },
  {
    description: 'GET /Groups/{id} ignores excludedAttributes=members',
    family: 'large-groups',
    breaks: ['large-groups.excluded-members'],
    request: (request) => {
      if (request.method !== 'GET' || !isGroupById(resourcePath(request)) || !queryOf(request).has('excludedAttributes')) return request;
      return { ...request, url: request.url.split('?')[0]! };
    },
  },
  {
    description: 'GET /Groups/{id} lists at most 10 members',
    family: 'large-groups',
    breaks: ['large-groups.full-read', 'large-groups.remove-one'],
    response: (request, response) => {
      const body = request.method === 'GET' && isGroupById(resourcePath(request)) ? jsonOf(response) : undefined;
      return Array.isArray(body?.members) && body.members.length > 10 ? withJson(response, { ...body, members: body.members.slice(0, 10) }) : response;
    },
  },
];
