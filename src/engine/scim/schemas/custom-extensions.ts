import { URN } from '../urns';
import { attribute } from './define';
import { RESOURCE_SCHEMAS } from './resource-types';
import { oneOf } from '../../settings/one-of';
import type { AttributeDefinition, AttributeType, Mutability, ResourceSchemas, ResourceTypeName, Returned, SchemaDefinition } from './types';

/**
 * Extension schemas a workspace declares for its app (RFC 7643 §3.3), e.g. an HR system's
 * `urn:acme:params:scim:schemas:extension:hr:2.0:User` with `badgeNumber`. A declaration
 * is the short form a person writes; it becomes a full SchemaDefinition with the RFC's
 * defaults, advertised in /Schemas and /ResourceTypes and enforced like the built-in ones.
 */
export interface ExtensionDeclaration {
  id: string;
  name: string;
  description?: string;
  resourceType: ResourceTypeName;
  /** Whether every resource of the type must carry the extension (ResourceTypes `required`). */
  required?: boolean;
  attributes: AttributeDeclaration[];
}

export interface AttributeDeclaration {
  name: string;
  type: AttributeType;
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: Mutability;
  returned?: Returned;
  description?: string;
  canonicalValues?: string[];
  subAttributes?: AttributeDeclaration[];
}

const TYPES: readonly AttributeType[] = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'];
const MUTABILITY: readonly Mutability[] = ['readOnly', 'readWrite', 'immutable', 'writeOnly'];
const RETURNED: readonly Returned[] = ['always', 'never', 'default', 'request'];
/** RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA. */
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
/** An RFC 8141 URN, kept to the characters an attribute path can carry (no `?`, `#`, `/`, spaces). */
const SCHEMA_URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:[A-Za-z0-9()+,\-.:=@;$_!*'%]+$/i;
const BUILT_IN_URNS = new Set(Object.values(URN).map((urn) => urn.toLowerCase()));
const MAX_EXTENSIONS = 32;
const MAX_ATTRIBUTES = 256;

/** Checks declarations as a user typed them; the first problem is thrown with where it is. */
export function parseExtensionDeclarations(input: unknown): ExtensionDeclaration[] {
  if (!Array.isArray(input)) throw new Error('Setting "extensions" must be a list of extension schema declarations.');
  if (input.length > MAX_EXTENSIONS) throw new Error(`At most ${MAX_EXTENSIONS} extension schemas per workspace.`);
  const seen = new Set<string>();
  return input.map((item, index) => {
    const where = `extensions[${index}]`;
    const source = objectAt(item, where);
    const id = stringAt(source.id, `${where}.id`);
    if (!SCHEMA_URN.test(id)) throw new Error(`${where}.id must be a URN such as "urn:acme:params:scim:schemas:extension:hr:2.0:User"; got "${id}".`);
    if (BUILT_IN_URNS.has(id.toLowerCase())) throw new Error(`${where}.id "${id}" is a built-in schema; choose your own URN.`);
    if (seen.has(id.toLowerCase())) throw new Error(`${where}.id "${id}" is declared twice.`);
    seen.add(id.toLowerCase());
    const resourceType = source.resourceType;
    if (resourceType !== 'User' && resourceType !== 'Group') throw new Error(`${where}.resourceType must be "User" or "Group".`);
    const attributes = attributesAt(source.attributes, `${where}.attributes`, 0);
    return {
      id,
      name: source.name === undefined ? (id.split(':').at(-2) ?? id) : stringAt(source.name, `${where}.name`),
      ...(source.description !== undefined && { description: stringAt(source.description, `${where}.description`) }),
      resourceType,
      required: optionalBoolean(source.required, `${where}.required`) ?? false,
      attributes,
    };
  });
}

function attributesAt(input: unknown, where: string, depth: number): AttributeDeclaration[] {
  if (!Array.isArray(input) || input.length === 0) throw new Error(`${where} must be a non-empty list of attributes.`);
  if (input.length > MAX_ATTRIBUTES) throw new Error(`${where} has more than ${MAX_ATTRIBUTES} attributes.`);
  const names = new Set<string>();
  return input.map((item, index) => {
    const at = `${where}[${index}]`;
    const source = objectAt(item, at);
    const name = stringAt(source.name, `${at}.name`);
    if (!ATTRIBUTE_NAME.test(name)) throw new Error(`${at}.name "${name}" is not a SCIM attribute name (a letter, then letters, digits, "-" or "_").`);
    // Names are case-insensitive (RFC 7643 §2.1), so `Badge` and `badge` would be one attribute.
    if (names.has(name.toLowerCase())) throw new Error(`${at}.name "${name}" is declared twice.`);
    names.add(name.toLowerCase());
    const type = source.type;
    if (!TYPES.includes(type as AttributeType)) throw new Error(`${at}.type must be one of ${TYPES.join(', ')}.`);
    const declaration: AttributeDeclaration = { name, type: type as AttributeType };
    const multiValued = optionalBoolean(source.multiValued, `${at}.multiValued`);
    const required = optionalBoolean(source.required, `${at}.required`);
    const caseExact = optionalBoolean(source.caseExact, `${at}.caseExact`);
    if (multiValued !== undefined) declaration.multiValued = multiValued;
    if (required !== undefined) declaration.required = required;
    if (caseExact !== undefined) declaration.caseExact = caseExact;
    if (source.mutability !== undefined) declaration.mutability = oneOf(source.mutability, MUTABILITY, `${at}.mutability`);
    if (source.returned !== undefined) declaration.returned = oneOf(source.returned, RETURNED, `${at}.returned`);
    if (source.description !== undefined) declaration.description = stringAt(source.description, `${at}.description`);
    if (source.canonicalValues !== undefined) {
      if (!Array.isArray(source.canonicalValues) || !source.canonicalValues.every((value) => typeof value === 'string')) {
        throw new Error(`${at}.canonicalValues must be a list of strings.`);
      }
      declaration.canonicalValues = [...source.canonicalValues];
    }
    if (type === 'complex') {
      // RFC 7643 §2.3.8: a complex attribute's sub-attributes cannot themselves be complex.
      if (depth > 0) throw new Error(`${at} is complex inside a complex attribute, which SCIM does not allow.`);
      declaration.subAttributes = attributesAt(source.subAttributes, `${at}.subAttributes`, depth + 1);
    } else if (source.subAttributes !== undefined) {
      throw new Error(`${at}.subAttributes is only allowed on a complex attribute.`);
    }
    return declaration;
  });
}

/** The full RFC 7643 §7 definition of a declared extension, with the RFC's defaults filled in. */
export function toSchemaDefinition(declaration: ExtensionDeclaration): SchemaDefinition {
  return {
    id: declaration.id,
    name: declaration.name,
    description: declaration.description ?? `${declaration.name} extension`,
    attributes: declaration.attributes.map(toAttributeDefinition),
  };
}

function toAttributeDefinition(declaration: AttributeDeclaration): AttributeDefinition {
  const { name, type, description, subAttributes, ...options } = declaration;
  return attribute(name, type, description ?? name, {
    ...options,
    ...(subAttributes && { subAttributes: subAttributes.map(toAttributeDefinition) }),
  });
}

/**
 * The schemas a workspace's resources of `type` are validated, filtered and served with:
 * the built-in ones plus its declared extensions. Cached per declarations array, because the
 * settings are read per request and the same few declarations come back every time.
 */
export function schemasWithExtensions(type: ResourceTypeName, declarations: readonly ExtensionDeclaration[]): ResourceSchemas {
  const builtIn = RESOURCE_SCHEMAS[type];
  const own = declarations.filter((declaration) => declaration.resourceType === type);
  if (own.length === 0) return builtIn;
  // Settings are parsed once per stored text, so the same declarations arrive as the same array.
  let byType = cache.get(declarations);
  if (!byType) cache.set(declarations, (byType = new Map()));
  let schemas = byType.get(type);
  if (!schemas) {
    const extensions = own.map(toSchemaDefinition);
    schemas = {
      resourceType: {
        ...builtIn.resourceType,
        schemaExtensions: [
          ...builtIn.resourceType.schemaExtensions,
          ...own.map((declaration) => ({ schema: declaration.id, required: declaration.required ?? false })),
        ],
      },
      core: builtIn.core,
      extensions: [...builtIn.extensions, ...extensions],
    };
    byType.set(type, schemas);
  }
  return schemas;
}

const cache = new WeakMap<readonly ExtensionDeclaration[], Map<ResourceTypeName, ResourceSchemas>>();

function objectAt(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where} must be an object.`);
  return value as Record<string, unknown>;
}

function stringAt(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${where} must be a non-empty string.`);
  return value;
}

function optionalBoolean(value: unknown, where: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new Error(`${where} must be true or false.`);
  return value;
}

/** What one workspace advertises at /Schemas and /ResourceTypes: the built-ins and its own extensions. */
export interface WorkspaceSchemas {
  resourceTypes: ResourceSchemas[];
  /** Core schemas first, then the extensions, as /Schemas lists them. */
  schemas: SchemaDefinition[];
  /** A schema by URN, ignoring case (IdPs are not consistent about it). */
  find(id: string): SchemaDefinition | undefined;
}

export function workspaceSchemas(declarations: readonly ExtensionDeclaration[]): WorkspaceSchemas {
  const resourceTypes = (Object.keys(RESOURCE_SCHEMAS) as ResourceTypeName[]).map((type) => schemasWithExtensions(type, declarations));
  const schemas = [...resourceTypes.map((schemasOfType) => schemasOfType.core), ...new Set(resourceTypes.flatMap((schemasOfType) => schemasOfType.extensions))];
  return {
    resourceTypes,
    schemas,
    find: (id) => schemas.find((schema) => schema.id.toLowerCase() === id.toLowerCase()),
  };
}
