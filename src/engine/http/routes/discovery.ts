import type { FastifyPluginAsync } from 'fastify';
import { ScimError } from '../../scim/errors';
import {
  ALL_SCHEMAS,
  findSchema,
  RESOURCE_SCHEMAS,
  resourceTypeDocument,
  schemaDocument,
  serviceProviderConfig,
} from '../../scim/schemas';
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
 */
export const discoveryRoutes: FastifyPluginAsync<DiscoveryRoutesOptions> = async (app, options) => {
  const resourceTypes = Object.values(RESOURCE_SCHEMAS).map((schemas) => schemas.resourceType);
  const config = { public: true };

  app.get('/ServiceProviderConfig', { config }, async (request) =>
    serviceProviderConfig(request.scim.baseUrl, options),
  );

  app.get('/ResourceTypes', { config }, async (request) =>
    listOf(resourceTypes.map((definition) => resourceTypeDocument(definition, request.scim.baseUrl))),
  );

  app.get<{ Params: { id: string } }>('/ResourceTypes/:id', { config }, async (request) => {
    const definition = resourceTypes.find((candidate) => candidate.id.toLowerCase() === request.params.id.toLowerCase());
    if (!definition) throw ScimError.notFound(`No resource type "${request.params.id}"; this server has User and Group.`);
    return resourceTypeDocument(definition, request.scim.baseUrl);
  });

  app.get('/Schemas', { config }, async (request) =>
    listOf(ALL_SCHEMAS.map((schema) => schemaDocument(schema, request.scim.baseUrl))),
  );

  app.get<{ Params: { id: string } }>('/Schemas/:id', { config }, async (request) => {
    const schema = findSchema(request.params.id);
    if (!schema) throw ScimError.notFound(`No schema "${request.params.id}" on this server.`);
    return schemaDocument(schema, request.scim.baseUrl);
  });
};
