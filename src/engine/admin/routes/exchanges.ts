import type { FastifyPluginAsync } from 'fastify';
import type { ExchangeDiffResponse, ExchangeListQuery, ExchangeListResponse, ExchangeResponse } from '../../../shared/admin-api';
import { diffDocuments } from '../../recorder/diff';
import type { RecordingStore } from '../../store/recordings';
import { AdminError } from '../admin-error';

const listQuery = {
  type: 'object',
  properties: {
    session: { type: 'integer', minimum: 1 },
    method: { type: 'string', maxLength: 16 },
    status: { type: 'string', pattern: '^([1-5]xx|[1-5][0-9][0-9])$' },
    client: { type: 'string', enum: ['okta', 'entra', 'onelogin', 'workbench', 'other'] },
    operation: { type: 'string', maxLength: 200 },
    resource: { type: 'string', maxLength: 256 },
    q: { type: 'string', maxLength: 500 },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    cursor: { type: 'integer', minimum: 1 },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    token: { type: 'string' },
  },
  additionalProperties: false,
} as const;

/** The recorded exchanges, filtered and paged by cursor (newest first), and one exchange whole. */
export const exchangeRoutes: FastifyPluginAsync<{ recordings: RecordingStore }> = async (app, { recordings }) => {
  app.get<{ Querystring: ExchangeListQuery }>('/exchanges', { schema: { querystring: listQuery } }, async (request): Promise<ExchangeListResponse> => {
    const q = request.query;
    return recordings.listExchanges({
      sessionId: q.session, method: q.method, status: q.status, client: q.client, operation: q.operation,
      resourceId: q.resource, text: q.q, from: q.from, to: q.to, before: q.cursor, limit: q.limit,
    });
  });

  app.get<{ Params: { id: number } }>(
    '/exchanges/:id/diff',
    { schema: { params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } } },
    async (request): Promise<ExchangeDiffResponse> => {
      const exchange = recordings.exchange(request.params.id);
      if (!exchange) throw AdminError.notFound(`No exchange ${request.params.id}.`);
      return {
        resources: exchange.changes.map((change) => ({
          resourceType: change.resourceType,
          resourceId: change.resourceId,
          kind: change.before === null ? 'created' : change.after === null ? 'deleted' : 'updated',
          attributes: diffDocuments(change.before, change.after),
          membersAdded: change.membersAdded ?? [],
          membersRemoved: change.membersRemoved ?? [],
        })),
      };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/exchanges/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } } },
    async (request): Promise<ExchangeResponse> => {
      const exchange = recordings.exchange(request.params.id);
      if (!exchange) throw AdminError.notFound(`No exchange ${request.params.id}.`);
      return exchange;
    },
  );
};
