import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { ExchangeDiffResponse, ExchangeListResponse, ExchangeResponse } from '../../../shared/admin-api';
import { MAX_SEARCH_LENGTH, parseSearch, type ParsedSearch } from '../../../shared/search/parse-search';
import { diffDocuments } from '../../recorder/diff';
import { ExchangeSearch, MAX_PAGE } from '../../search/exchange-search';
import type { SearchIndexer } from '../../search/search-indexer';
import { searchRunnerFor } from '../../search/search-runner';
import type { RecordingStore } from '../../store/recordings';
import { AdminError } from '../admin-error';
import { Id, IdParams, QueryToken, Strict } from '../schema-parts';
import { nameOf, pick, resourceNames } from '../../store/resource-names';

/** The search and scope parameters, shared with the live feed (routes/feed.ts). */
export const searchQueryProperties = {
  q: Type.Optional(Type.String({ maxLength: MAX_SEARCH_LENGTH })),
  session: Type.Optional(Id),
  workspace: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  hideConnectionTests: Type.Optional(Type.Boolean()),
};

const ListQuery = Strict({
  ...searchQueryProperties,
  resource: Type.Optional(Type.String({ maxLength: 256 })),
  cursor: Type.Optional(Id),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
  // The older parameters (ExchangeListQuery), each the same as a typed term in q.
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z-]{1,16}$' })),
  status: Type.Optional(Type.String({ pattern: '^([1-5]xx|[1-5][0-9][0-9])$' })),
  client: Type.Optional(Type.Enum(['okta', 'entra', 'onelogin', 'workbench', 'other'])),
  operation: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  token: QueryToken,
});

/** The search box's text, parsed, with the older parameters added as the typed terms they stand for. */
function searchOf(query: Static<typeof ListQuery>): ParsedSearch {
  const search = parseSearch(query.q ?? '');
  if (query.method) search.terms.push({ kind: 'method', value: query.method.toUpperCase() });
  if (query.status) search.terms.push({ kind: 'status', value: query.status.toLowerCase() });
  if (query.client) search.terms.push({ kind: 'client', value: query.client });
  if (query.operation) search.terms.push({ kind: 'words', key: 'op', text: query.operation, exact: false });
  return search;
}

/**
 * The recorded exchanges searched and paged (newest first, by cursor or offset, with the total for
 * the scope and search, and how many recent exchanges the index has not reached), and one exchange whole. Searches run on a worker thread of their own
 * (search/search-runner.ts), stopped when the admin server closes.
 */
export const exchangeRoutes: FastifyPluginAsyncTypebox<{ recordings: RecordingStore; indexer: SearchIndexer }> = async (app, { recordings, indexer }) => {
  const runner = searchRunnerFor(recordings.connection);
  const search = new ExchangeSearch(recordings.connection, runner, indexer);
  app.addHook('onClose', async () => runner.close());

  app.get('/exchanges', { schema: { querystring: ListQuery } }, async (request): Promise<ExchangeListResponse> => {
    const q = request.query;
    // Exchanges the recorder holds back for a moment are written first, so the search sees them.
    recordings.beforeRead();
    // Read before the search: whatever is recorded while it runs is newer, so a feed from here sends it.
    const latestId = recordings.lastExchangeId();
    const page = await search.search({
      search: searchOf(q),
      session: q.session,
      workspace: q.workspace,
      hideConnectionTests: q.hideConnectionTests,
      resource: q.resource,
      from: q.from,
      to: q.to,
      cursor: q.cursor,
      offset: q.offset,
      limit: q.limit,
    });
    return { ...page, latestId };
  });

  app.get('/exchanges/:id/diff', { schema: { params: IdParams } }, async (request): Promise<ExchangeDiffResponse> => {
    const exchange = recordings.exchange(request.params.id);
    if (!exchange) throw AdminError.notFound(`No exchange ${request.params.id}.`);
    // Names instead of ids: the resources' own and their members'.
    const ids = exchange.changes.flatMap((change) => [change.resourceId, ...(change.membersAdded ?? []), ...(change.membersRemoved ?? [])]);
    const names = resourceNames(recordings.connection, exchange.workspace, ids);
    return {
      resources: exchange.changes.map((change) => ({
        resourceType: change.resourceType,
        resourceId: change.resourceId,
        kind: change.before === null ? 'created' : change.after === null ? 'deleted' : 'updated',
        attributes: diffDocuments(change.before, change.after),
        membersAdded: change.membersAdded ?? [],
        membersRemoved: change.membersRemoved ?? [],
        name: nameOf(change.after ?? change.before) ?? names[change.resourceId],
        memberNames: pick(names, [...(change.membersAdded ?? []), ...(change.membersRemoved ?? [])]),
      })),
    };
  });

  app.get('/exchanges/:id', { schema: { params: IdParams } }, async (request): Promise<ExchangeResponse> => {
    const exchange = recordings.exchange(request.params.id);
    if (!exchange) throw AdminError.notFound(`No exchange ${request.params.id}.`);
    return { ...exchange, verdicts: recordings.verdicts(exchange.id) ?? [] };
  });
};
