import type { FastifyPluginAsync } from 'fastify';
import type { ListQuery, ListResponse, ResourceService, ScimContext } from '../../resources/resource-service';
import { ScimError } from '../../scim/errors';
import { URN } from '../../scim/urns';

export interface SearchRoutesOptions {
  resources: ResourceService;
}

/*
 * No JSON-schema types on the fields: a wrong type must come back as a SCIM 400 invalidValue
 * (RFC 7644 §3.12) with the field named, not as fastify's generic validation error.
 */
const searchBody = { type: 'object' } as const;

const STRING_FIELDS = ['filter', 'sortBy', 'sortOrder'] as const;
const INTEGER_FIELDS = ['startIndex', 'count'] as const;

/** A SearchRequest body (RFC 7644 §3.4.3) → the same ListQuery a GET would carry. */
export function parseSearchRequest(body: Record<string, unknown>): ListQuery {
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.searchRequest.toLowerCase())) {
    throw ScimError.badRequest('invalidSyntax', `A search request must have "schemas": ["${URN.searchRequest}"].`);
  }
  const query: ListQuery = {};
  for (const field of ['attributes', 'excludedAttributes'] as const) {
    const value = body[field];
    if (value === undefined) continue;
    // RFC 7644 §3.4.3 makes these arrays of strings in the body; the query string form is comma-separated.
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw ScimError.badRequest('invalidValue', `"${field}" must be an array of attribute names.`);
    }
    query[field] = value.join(',');
  }
  for (const field of STRING_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw ScimError.badRequest('invalidValue', `"${field}" must be a string.`);
    query[field] = value;
  }
  for (const field of INTEGER_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw ScimError.badRequest('invalidValue', `"${field}" must be an integer.`);
    query[field] = value;
  }
  return query;
}

/**
 * The root search covers Users then Groups, paged over that union: the first `userTotal`
 * positions are users in their own order, the rest groups. Documented order, stable across pages.
 */
function searchAll(resources: ResourceService, context: ScimContext, query: ListQuery): ListResponse {
  const startIndex = Math.max(1, query.startIndex ?? 1);
  const users = resources.list(context, 'User', { ...query, startIndex });
  const userTotal = users.totalResults;
  const remaining = query.count === undefined ? undefined : Math.max(0, query.count - users.Resources.length);
  const groupStart = Math.max(1, startIndex - userTotal);
  const groups = resources.list(context, 'Group', { ...query, startIndex: groupStart, count: remaining });
  // When count is 0 the group page is only asked for its total.
  const Resources = remaining === 0 ? users.Resources : [...users.Resources, ...groups.Resources];
  return {
    schemas: [URN.listResponse],
    totalResults: userTotal + groups.totalResults,
    startIndex,
    itemsPerPage: Resources.length,
    Resources,
  };
}

/** POST /.search on a resource endpoint or the root (RFC 7644 §3.4.3). */
export const searchRoutes: FastifyPluginAsync<SearchRoutesOptions> = async (app, { resources }) => {
  const route = (url: string, run: (context: ScimContext, query: ListQuery) => ListResponse) =>
    app.post<{ Body: Record<string, unknown> }>(url, { schema: { body: searchBody } }, async (request, reply) =>
      // A search answers 200, not the 201 a POST would suggest.
      reply.code(200).send(run(request.scim, parseSearchRequest(request.body))),
    );
  route('/Users/.search', (context, query) => resources.list(context, 'User', query));
  route('/Groups/.search', (context, query) => resources.list(context, 'Group', query));
  route('/.search', (context, query) => searchAll(resources, context, query));
};
