import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ResourceService } from '../../resources/resource-service';
import type { Recorder } from '../../recorder/recorder';
import { JsonText, recordedWrite } from '../recording';
import type { ResourceTypeName } from '../../scim/schemas/types';
import { noneMatchHits } from '../etag';
import { patchAnswersWithoutBody } from '../../resources/patch-response';
import { pagingValueFromText } from '../../scim/paging';

export interface ResourceRoutesOptions {
  type: ResourceTypeName;
  resources: ResourceService;
  recorder: Recorder;
}

const projectionQuery = {
  attributes: { type: 'string', maxLength: 2048 },
  excludedAttributes: { type: 'string', maxLength: 2048 },
} as const;

const listQuery = {
  type: 'object',
  properties: {
    ...projectionQuery,
    filter: { type: 'string' },
    // Checked by the engine (compileSort), so a bad value gets a SCIM invalidValue with a reason.
    sortBy: { type: 'string', maxLength: 512 },
    sortOrder: { type: 'string', maxLength: 64 },
    // Read as text and checked by pagingValueFromText: JSON-schema integer coercion lets
    // `1e999` through as Infinity, which a response then carries as `null`.
    startIndex: { type: 'string' },
    count: { type: 'string' },
  },
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 256 } },
  required: ['id'],
} as const;

const objectBody = { type: 'object' } as const;

interface ProjectionQs {
  attributes?: string;
  excludedAttributes?: string;
}

/** CRUD routes of one resource type (RFC 7644 §3.2–3.6); the service does the work, these only speak HTTP. */
export const resourceRoutes: FastifyPluginAsync<ResourceRoutesOptions> = async (app, { type, resources, recorder }) => {
  const endpoint = type === 'User' ? '/Users' : '/Groups';

  /** Status and ETag of a served resource; returns it as the body to send. */
  const asResource = (reply: FastifyReply, resource: Record<string, unknown>, status = 200) => {
    const meta = resource.meta as { version: string; location: string } | undefined;
    if (meta) reply.header('etag', meta.version);
    reply.code(status);
    return resource;
  };

  // Reads are synchronous handlers: fastify sends what they return, without a promise per request.
  // The list is JSON text already (listJson), sent as it is with the SCIM content type.
  app.get<{
    Querystring: ProjectionQs & { filter?: string; sortBy?: string; sortOrder?: string; startIndex?: string; count?: string };
  }>(endpoint, { schema: { querystring: listQuery } }, (request) =>
    resources.listJson(request.scim, type, {
      ...request.query,
      startIndex: pagingValueFromText('startIndex', request.query.startIndex),
      count: pagingValueFromText('count', request.query.count),
    }),
  );

  app.post<{ Querystring: ProjectionQs; Body: unknown }>(
    endpoint,
    { schema: { querystring: { type: 'object', properties: projectionQuery }, body: objectBody } },
    async (request, reply) =>
      reply.send(
        await recordedWrite(recorder, request, reply, () => {
          const created = resources.create(request.scim, type, request.body, request.query);
          const meta = created.meta as { location: string } | undefined;
          if (meta) reply.header('location', meta.location);
          return asResource(reply, created, 201);
        }),
      ),
  );

  app.get<{ Params: { id: string }; Querystring: ProjectionQs }>(
    `${endpoint}/:id`,
    { schema: { params: idParams, querystring: { type: 'object', properties: projectionQuery } } },
    (request, reply) => {
      const { json, version } = resources.getJson(request.scim, type, request.params.id, request.query);
      // The client's copy is current: 304 with the ETag and no body (RFC 7644 §3.14).
      if (noneMatchHits(request.headers['if-none-match'], version)) {
        reply.code(304).header('etag', version).removeHeader('content-type').send();
      } else {
        if (version !== undefined) reply.header('etag', version);
        reply.send(json);
      }
    },
  );

  app.put<{ Params: { id: string }; Querystring: ProjectionQs; Body: unknown }>(
    `${endpoint}/:id`,
    { schema: { params: idParams, body: objectBody } },
    async (request, reply) =>
      reply.send(
        await recordedWrite(recorder, request, reply, () =>
          asResource(reply, resources.replace(request.scim, type, request.params.id, request.body, request.headers['if-match'], request.query)),
        ),
      ),
  );

  app.patch<{ Params: { id: string }; Querystring: ProjectionQs; Body: unknown }>(
    `${endpoint}/:id`,
    { schema: { params: idParams, querystring: { type: 'object', properties: projectionQuery }, body: objectBody } },
    async (request, reply) => {
      const mode = request.scim.settings?.compatibility ?? 'auto';
      const withoutBody = patchAnswersWithoutBody(type, mode, request.query);
      const body = await recordedWrite(recorder, request, reply, () => {
        const patched = resources.patchJson(request.scim, type, request.params.id, request.body, request.headers['if-match'], request.query, withoutBody);
        if (patched.json === undefined) {
          reply.code(204).header('etag', patched.version).header('location', patched.location).removeHeader('content-type');
          return undefined;
        }
        // A projection may have left meta out: then there is no ETag to send.
        if (patched.version !== undefined) reply.header('etag', patched.version);
        reply.code(200);
        return new JsonText(patched.json);
      });
      return reply.send(body);
    },
  );

  app.delete<{ Params: { id: string } }>(`${endpoint}/:id`, { schema: { params: idParams } }, async (request, reply) => {
    await recordedWrite(recorder, request, reply, () => {
      resources.delete(request.scim, type, request.params.id, request.headers['if-match']);
      reply.code(204).removeHeader('content-type');
    });
    return reply.send();
  });
};
