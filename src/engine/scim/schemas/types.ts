/**
 * Attribute and schema definitions as RFC 7643 §7 describes them. The server's own
 * `/Schemas` endpoint serves these objects, and every other part of the engine
 * (validation, filters, PATCH, projection) reads the same definitions, so what we
 * advertise is what we enforce.
 */
export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
}

export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

export type ResourceTypeName = 'User' | 'Group';

export interface ResourceTypeDefinition {
  id: ResourceTypeName;
  name: ResourceTypeName;
  endpoint: '/Users' | '/Groups';
  description: string;
  /** Core schema URN. */
  schema: string;
  schemaExtensions: { schema: string; required: boolean }[];
}

/** The core schema of a resource type plus the extension schemas it allows. */
export interface ResourceSchemas {
  resourceType: ResourceTypeDefinition;
  core: SchemaDefinition;
  extensions: SchemaDefinition[];
}
