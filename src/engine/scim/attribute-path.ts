import { ScimError, type ScimType } from './errors';
import { COMMON_ATTRIBUTES } from './schemas/common';
import type { AttributeDefinition, ResourceSchemas, SchemaDefinition } from './schemas/types';
import { definitionsByName } from './schemas/definitions-by-name';

/**
 * Where an attribute path points, resolved against a resource type's schemas.
 * `documentKeys` is the key path into the stored/served JSON document: core attributes
 * sit at the top level, extension attributes under their schema URN (RFC 7643 §3.3).
 */
export interface AttributeRef {
  /** The owning schema, or undefined for the common attributes (id, externalId, meta). */
  schema: SchemaDefinition | undefined;
  isExtension: boolean;
  attribute: AttributeDefinition;
  subAttribute?: AttributeDefinition;
  documentKeys: string[];
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function findAttribute(list: readonly AttributeDefinition[] | undefined, name: string) {
  return list && definitionsByName(list).get(name.toLowerCase());
}

/**
 * Splits a URN-qualified path (`urn:…:enterprise:2.0:User:manager.value`) into its schema
 * and the attribute part. Attribute names are case-insensitive (RFC 7643 §2.1), and so are
 * schema URNs here, because IdPs are not consistent about them.
 */
export function splitSchemaPrefix(path: string, schemas: ResourceSchemas): { schema: SchemaDefinition | undefined; rest: string } {
  const lower = path.toLowerCase();
  for (const schema of [schemas.core, ...schemas.extensions]) {
    const id = schema.id.toLowerCase();
    if (lower === id) return { schema, rest: '' };
    if (lower.startsWith(`${id}:`)) return { schema, rest: path.slice(id.length + 1) };
  }
  return { schema: undefined, rest: path };
}

/** Finds the schema whose id matches a top-level document key (an extension's URN key). */
export function findExtensionSchema(key: string, schemas: ResourceSchemas): SchemaDefinition | undefined {
  return schemas.extensions.find((schema) => sameName(schema.id, key));
}

/** Resolves `name.givenName`, `emails.value`, `urn:…:User:department`, `meta.created`… or returns undefined. */
export function resolveAttributePath(path: string, schemas: ResourceSchemas): AttributeRef | undefined {
  if (path.toLowerCase().startsWith('urn:')) {
    const { schema, rest } = splitSchemaPrefix(path, schemas);
    if (!schema || rest === '') return undefined;
    return resolveInSchema(rest, schema, schema !== schemas.core);
  }
  const common = resolveIn(path, COMMON_ATTRIBUTES);
  if (common) return { schema: undefined, isExtension: false, ...common };
  return resolveInSchema(path, schemas.core, false);
}

function resolveInSchema(path: string, schema: SchemaDefinition, isExtension: boolean): AttributeRef | undefined {
  const found =
    resolveIn(path, schema.attributes) ??
    // Common attributes may also be written with the core URN prefix.
    (isExtension ? undefined : resolveIn(path, COMMON_ATTRIBUTES));
  if (!found) return undefined;
  const documentKeys = isExtension ? [schema.id, ...found.documentKeys] : found.documentKeys;
  return { schema, isExtension, ...found, documentKeys };
}

function resolveIn(path: string, attributes: readonly AttributeDefinition[]) {
  const parts = path.split('.');
  if (parts.length > 2 || parts.some((part) => part === '')) return undefined;
  const [name, subName] = parts as [string, string | undefined];
  const attribute = findAttribute(attributes, name);
  if (!attribute) return undefined;
  if (subName === undefined) return { attribute, documentKeys: [attribute.name] };
  const subAttribute = findAttribute(attribute.subAttributes, subName);
  if (!subAttribute) return undefined;
  return { attribute, subAttribute, documentKeys: [attribute.name, subAttribute.name] };
}

/** Like resolveAttributePath, but a path that names nothing is the caller's SCIM error. */
export function requireAttributePath(path: string, schemas: ResourceSchemas, scimType: ScimType): AttributeRef {
  const ref = resolveAttributePath(path, schemas);
  if (!ref) {
    throw ScimError.badRequest(scimType, `Unknown attribute "${path}" for resource type ${schemas.resourceType.name}.`);
  }
  return ref;
}
