import type { FastifyPluginAsync } from 'fastify';
import type { ListQuery, ListResponse, ResourceService, ScimContext } from '../../resources/resource-service';
import { ScimError } from '../../scim/errors';
import { URN } from '../../scim/urns';
import { effectivePaging, pagingValueFromJson } from '../../scim/paging';

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
    const value = pagingValueFromJson(field, body[field]);
    if (value !== undefined) query[field] = value;
  }
  return query;
}

/**
 * The root search covers Users then Groups, paged over that union: the first `userTotal`
 * positions are users in their own order, the rest groups. Documented order, stable across pages.
 * One page holds at most `count` (capped at maxResults) resources of both types together.
 */
function searchAll(resources: ResourceService, context: ScimContext, query: ListQuery): ListResponse {
  const { startIndex, count } = effectivePaging(query, resources.maxResults);
  const [users, groups] = searchEach(
    () => resources.list(context, 'User', { ...query, startIndex, count }),
    // Groups fill what the user page left; their page starts where the users ran out.
    (userTotal, usersServed) => resources.list(context, 'Group', { ...query, startIndex: Math.max(1, startIndex - userTotal), count: count - usersServed }),
  );
  const Resources = [...users.Resources, ...groups.Resources];
  return {
    schemas: [URN.listResponse],
    totalResults: users.totalResults + groups.totalResults,
    startIndex,
    itemsPerPage: Resources.length,
    Resources,
  };
}

const NONE: ListResponse = { schemas: [URN.listResponse], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] };

/**
 * A root filter may name an attribute only one type has (`userName`, `members`): for the other
 * type that is no match, not an error (RFC 7644 §3.4.3 applies the filter to every type). Only
 * when neither type can run the filter is its invalidFilter the answer.
 */
function searchEach(listUsers: () => ListResponse, listGroups: (userTotal: number, usersServed: number) => ListResponse): [ListResponse, ListResponse] {
  const attempt = (list: () => ListResponse): ListResponse | ScimError => {
    try {
      return list();
    } catch (error) {
      if (error instanceof ScimError && error.scimType === 'invalidFilter') return error;
      throw error;
    }
  };
  const users = attempt(listUsers);
  const usersOk = users instanceof ScimError ? NONE : users;
  const groups = attempt(() => listGroups(usersOk.totalResults, usersOk.Resources.length));
  if (users instanceof ScimError && groups instanceof ScimError) throw users;
  return [usersOk, groups instanceof ScimError ? NONE : groups];
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
