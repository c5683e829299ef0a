import { URN } from '../urns';

/** Operations per /Bulk request, advertised and enforced (RFC 7644 §3.7.4). */
export const MAX_BULK_OPERATIONS = 1000;
import type { ResourceTypeDefinition, SchemaDefinition } from './types';

/**
 * Bodies of the discovery endpoints (RFC 7644 §4): /ServiceProviderConfig,
 * /ResourceTypes and /Schemas. Pure functions of the definitions and the base URL
 * (e.g. `http://127.0.0.1:8080/scim/v2`), so the HTTP layer only has to serve them.
 */

interface DiscoveryMeta {
  resourceType: 'ServiceProviderConfig' | 'ResourceType' | 'Schema';
  location: string;
}

export interface ServiceProviderConfigOptions {
  /** Most resources a list/search response returns (filter.maxResults). */
  maxResults: number;
  /** Largest request body accepted, in bytes. */
  maxPayloadSize: number;
}

export interface ServiceProviderConfigDocument {
  schemas: [typeof URN.serviceProviderConfig];
  patch: { supported: boolean };
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: { supported: boolean };
  sort: { supported: boolean };
  etag: { supported: boolean };
  authenticationSchemes: {
    type: string;
    name: string;
    description: string;
    primary: boolean;
  }[];
  meta: DiscoveryMeta;
}

export type ResourceTypeDocument = ResourceTypeDefinition & {
  schemas: [typeof URN.resourceType];
  meta: DiscoveryMeta;
};

export type SchemaDocument = SchemaDefinition & {
  schemas: [typeof URN.schema];
  meta: DiscoveryMeta;
};

/** `http://host/scim/v2/` and `http://host/scim/v2` must give the same locations. */
const withoutTrailingSlash = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

/**
 * What this server supports (RFC 7643 §5). documentationUri is left out: the app runs
 * locally and has no documentation page of its own to point at.
 */
export function serviceProviderConfig(baseUrl: string, { maxResults, maxPayloadSize }: ServiceProviderConfigOptions): ServiceProviderConfigDocument {
  return {
    schemas: [URN.serviceProviderConfig],
    patch: { supported: true },
    // maxPayloadSize is the body limit fastify enforces on every request, /Bulk included.
    bulk: { supported: true, maxOperations: MAX_BULK_OPERATIONS, maxPayloadSize },
    filter: { supported: true, maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token in the Authorization header',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${withoutTrailingSlash(baseUrl)}/ServiceProviderConfig`,
    },
  };
}

/** One entry of /ResourceTypes (RFC 7643 §6). */
export function resourceTypeDocument(def: ResourceTypeDefinition, baseUrl: string): ResourceTypeDocument {
  return {
    schemas: [URN.resourceType],
    ...structuredClone(def),
    meta: { resourceType: 'ResourceType', location: `${withoutTrailingSlash(baseUrl)}/ResourceTypes/${def.id}` },
  };
}

/** One entry of /Schemas (RFC 7643 §7). Cloned so a caller cannot alter the live definition. */
export function schemaDocument(schema: SchemaDefinition, baseUrl: string): SchemaDocument {
  return {
    schemas: [URN.schema],
    ...structuredClone(schema),
    meta: { resourceType: 'Schema', location: `${withoutTrailingSlash(baseUrl)}/Schemas/${schema.id}` },
  };
}
