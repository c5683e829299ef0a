import type { FastifyPluginAsync } from 'fastify';
import { runBulk } from '../../resources/bulk-service';
import type { ResourceService } from '../../resources/resource-service';

/** POST /Bulk (RFC 7644 §3.7): the service does the work; the body limit is fastify's bodyLimit (maxPayloadSize). */
export const bulkRoutes: FastifyPluginAsync<{ resources: ResourceService }> = async (app, { resources }) => {
  app.post('/Bulk', { schema: { body: { type: 'object' } } }, async (request, reply) =>
    reply.code(200).send(runBulk(resources, request.scim, request.body)),
  );
};
