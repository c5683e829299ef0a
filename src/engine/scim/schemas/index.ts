import { ENTERPRISE_USER_SCHEMA } from './enterprise-user';
import { GROUP_SCHEMA } from './group';
import type { SchemaDefinition } from './types';
import { USER_SCHEMA } from './user';

export * from './types';
export * from './discovery';
export * from './resource-types';
export { COMMON_ATTRIBUTES } from './common';
export { USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA };

/** Every schema served at /Schemas, core schemas first. */
export const ALL_SCHEMAS: SchemaDefinition[] = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA];

/** Looks a schema up by URN, ignoring case, because IdPs are not consistent about it. */
export function findSchema(id: string): SchemaDefinition | undefined {
  const wanted = id.toLowerCase();
  return ALL_SCHEMAS.find((schema) => schema.id.toLowerCase() === wanted);
}
