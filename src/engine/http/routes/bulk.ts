import type { FastifyPluginAsync } from 'fastify';
import { runBulk } from '../../resources/bulk-service';
import type { ResourceService } from '../../resources/resource-service';
import type { Recorder } from '../../recorder/recorder';
import { recordedWrite } from '../recording';

/** POST /Bulk (RFC 7644 §3.7): the service does the work; the body limit is fastify's bodyLimit (maxPayloadSize). */
export const bulkRoutes: FastifyPluginAsync<{ resources: ResourceService; recorder: Recorder }> = async (app, { resources, recorder }) => {
  // One transaction for the whole request, so the recording holds every operation's versions;
  // each operation still runs in its own savepoint, so a failed one undoes only itself.
  app.post('/Bulk', { schema: { body: { type: 'object' } } }, async (request, reply) =>
    reply.send(
      await recordedWrite(recorder, request, reply, () => {
        reply.code(200);
        return runBulk(resources, request.scim, request.body);
      }),
    ),
  );
};
