import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ScimError } from '../../scim/errors';
import { resourceTypeDocument, schemaDocument, serviceProviderConfig } from '../../scim/schemas';
import { workspaceSchemas } from '../../scim/schemas/custom-extensions';
import { URN } from '../../scim/urns';

export interface DiscoveryRoutesOptions {
  maxResults: number;
  maxPayloadSize: number;
}

const listOf = (Resources: unknown[]) => ({
  schemas: [URN.listResponse],
  totalResults: Resources.length,
  startIndex: 1,
  itemsPerPage: Resources.length,
  Resources,
});

/**
 * Discovery endpoints (RFC 7644 §4). They describe the server, not a tenant's data, and
 * are served without a token (the RFC allows it) so a person can check a URL in a browser.
 * /Schemas and /ResourceTypes include the extension schemas the workspace declares.
 */
export const discoveryRoutes: FastifyPluginAsync<DiscoveryRoutesOptions> = async (app, options) => {
  const config = { public: true };
  const advertised = (request: FastifyRequest) => workspaceSchemas(request.scim.settings?.extensions ?? []);
  const resourceTypesOf = (request: FastifyRequest) => advertised(request).resourceTypes.map((schemas) => schemas.resourceType);

  // `/serviceConfiguration` is the name Microsoft's reference SCIM Postman collection uses (an Entra habit).
  for (const url of ['/ServiceProviderConfig', '/serviceConfiguration']) {
    app.get(url, { config }, async (request) => serviceProviderConfig(request.scim.baseUrl, options));
  }

  app.get('/ResourceTypes', { config }, async (request) =>
    listOf(resourceTypesOf(request).map((definition) => resourceTypeDocument(definition, request.scim.baseUrl))),
  );

  app.get<{ Params: { id: string } }>('/ResourceTypes/:id', { config }, async (request) => {
    const definition = resourceTypesOf(request).find((candidate) => candidate.id.toLowerCase() === request.params.id.toLowerCase());
    if (!definition) throw ScimError.notFound(`No resource type "${request.params.id}"; this server has User and Group.`);
    return resourceTypeDocument(definition, request.scim.baseUrl);
  });

  app.get('/Schemas', { config }, async (request) => listOf(advertised(request).schemas.map((schema) => schemaDocument(schema, request.scim.baseUrl))));

  app.get<{ Params: { id: string } }>('/Schemas/:id', { config }, async (request) => {
    const schema = advertised(request).find(request.params.id);
    if (!schema) throw ScimError.notFound(`No schema "${request.params.id}" on this server.`);
    return schemaDocument(schema, request.scim.baseUrl);
  });

  // The discovery endpoints are read-only (RFC 7644 §4): a write is 405 with `Allow: GET`,
  // decided in onRequest so that a body the JSON parser would refuse cannot turn it into a 400
  // (Okta's SPEC test POSTs the text "test" here and expects 405).
  const readOnlyUrls = ['/ServiceProviderConfig', '/serviceConfiguration', '/ResourceTypes', '/ResourceTypes/:id', '/Schemas', '/Schemas/:id'];
  for (const url of readOnlyUrls) {
    app.route({
      method: ['POST', 'PUT', 'PATCH', 'DELETE'],
      url,
      config,
      onRequest: async (request, reply) => {
        reply.header('allow', 'GET');
        throw new ScimError(405, undefined, `${request.method} is not allowed here: discovery endpoints are read-only (GET).`);
      },
      handler: async () => undefined,
    });
  }
};
