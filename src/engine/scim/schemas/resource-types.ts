import { URN } from '../urns';
import { ENTERPRISE_USER_SCHEMA } from './enterprise-user';
import { GROUP_SCHEMA } from './group';
import type { ResourceSchemas, ResourceTypeDefinition, ResourceTypeName } from './types';
import { USER_SCHEMA } from './user';

/** The two resource types this server offers (RFC 7643 §6, §8.6). */
export const USER_RESOURCE_TYPE: ResourceTypeDefinition = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: URN.user,
  schemaExtensions: [{ schema: URN.enterpriseUser, required: false }],
};

export const GROUP_RESOURCE_TYPE: ResourceTypeDefinition = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: URN.group,
  schemaExtensions: [],
};

/** Each resource type with the schema definitions its documents are validated against. */
export const RESOURCE_SCHEMAS: Record<ResourceTypeName, ResourceSchemas> = {
  User: { resourceType: USER_RESOURCE_TYPE, core: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA] },
  Group: { resourceType: GROUP_RESOURCE_TYPE, core: GROUP_SCHEMA, extensions: [] },
};
