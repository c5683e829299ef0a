import { findExtensionSchema } from './attribute-path';
import type { Habit } from '../compat/modes';
import { ScimError } from './errors';
import { COMMON_ATTRIBUTES } from './schemas/common';
import type { AttributeDefinition, ResourceSchemas } from './schemas/types';

/** A resource as stored: the served JSON minus `id`, `meta` and attributes kept elsewhere. */
export type ScimDocument = Record<string, unknown>;

export interface MemberValue {
  value: string;
  type?: string;
  display?: string;
}

export interface NormalizedResource {
  document: ScimDocument;
  /** Group members, present only when the input named `members` (they live in their own table). */
  members?: MemberValue[];
}

/**
 * Turns what a client sent (POST/PUT body, or a document after PATCH) into the stored
 * form, driven by the schema definitions the server advertises:
 * - attribute names take their canonical case (RFC 7643 §2.1: names are case-insensitive);
 * - readOnly attributes (`id`, `meta`, `groups`) are ignored, as RFC 7644 §3.3 asks;
 * - writeOnly `password` is dropped: it is never returned, and a debugging tool has no use for it;
 * - `null` means "unassigned" (RFC 7644 §3.5.1), so the key is removed;
 * - the strings "true"/"false" become booleans (Entra sends `"False"`), a lone value for a
 *   multi-valued attribute becomes a one-element list;
 * - anything else of the wrong type is a 400 `invalidValue` naming the attribute.
 * Attributes no schema defines are kept as sent, so the workbench shows what the IdP did.
 */
/**
 * Asked before an IdP habit is normalised (see compat/modes.ts); false makes it the error a
 * strict server gives. The default accepts every habit.
 */
export type HabitAcceptor = (habit: Habit, detail: string) => boolean;
const acceptAll: HabitAcceptor = () => true;

export function normalizeResource(input: unknown, schemas: ResourceSchemas, accept: HabitAcceptor = acceptAll): NormalizedResource {
  if (!isObject(input)) throw invalidSyntax('The request body must be a JSON object.');
  const document: ScimDocument = {};
  let members: MemberValue[] | undefined;
  const declaredSchemas = normalizeSchemasAttribute(input.schemas, schemas);

  for (const [key, value] of Object.entries(input)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = findExtensionSchema(key, schemas);
    if (extension) {
      if (value === null) continue;
      if (!isObject(value)) throw invalidValue(`"${extension.id}" must be an object of extension attributes.`);
      const normalized = normalizeAttributes(value, extension.attributes, extension.id, accept);
      if (Object.keys(normalized).length > 0) document[extension.id] = normalized;
      continue;
    }
    const definition =
      findByName(schemas.core.attributes, key) ?? findByName(COMMON_ATTRIBUTES, key);
    if (!definition) {
      if (value !== null) document[key] = value;
      continue;
    }
    if (schemas.resourceType.id === 'Group' && definition.name === 'members') {
      members = value === null ? [] : normalizeMembers(value);
      continue;
    }
    const normalized = normalizeAttribute(value, definition, definition.name, accept);
    if (normalized !== undefined) document[definition.name] = normalized;
  }

  for (const attribute of schemas.core.attributes) {
    if (attribute.required && isBlank(document[attribute.name])) {
      throw invalidValue(`"${attribute.name}" is required and must not be empty.`);
    }
  }

  // Extensions present in the data are declared in `schemas`, whether or not the client listed them.
  const presentExtensions = schemas.extensions.filter((extension) => extension.id in document).map((e) => e.id);
  const ordered: ScimDocument = { schemas: [...new Set([...declaredSchemas, ...presentExtensions])] };
  if (document.externalId !== undefined) ordered.externalId = document.externalId;
  for (const [key, value] of Object.entries(document)) if (key !== 'externalId') ordered[key] = value;
  return members ? { document: ordered, members } : { document: ordered };
}

function normalizeSchemasAttribute(value: unknown, schemas: ResourceSchemas): string[] {
  if (value === undefined || value === null) return [schemas.core.id];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidSyntax('"schemas" must be an array of schema URNs.');
  }
  const known = [schemas.core, ...schemas.extensions];
  const result: string[] = [];
  for (const urn of value as string[]) {
    const schema = known.find((candidate) => candidate.id.toLowerCase() === urn.toLowerCase());
    if (!schema) throw invalidValue(`"${urn}" is not a schema of ${schemas.resourceType.name} resources.`);
    result.push(schema.id);
  }
  if (!result.includes(schemas.core.id)) {
    throw invalidValue(`"schemas" must include "${schemas.core.id}".`);
  }
  return result;
}

function normalizeAttributes(
  input: Record<string, unknown>,
  definitions: readonly AttributeDefinition[],
  path: string,
  accept: HabitAcceptor,
) {
  const output: ScimDocument = {};
  for (const [key, value] of Object.entries(input)) {
    const definition = findByName(definitions, key);
    if (!definition) {
      if (value !== null) output[key] = value;
      continue;
    }
    const normalized = normalizeAttribute(value, definition, `${path}:${definition.name}`, accept);
    if (normalized !== undefined) output[definition.name] = normalized;
  }
  return output;
}

function normalizeAttribute(value: unknown, definition: AttributeDefinition, path: string, accept: HabitAcceptor): unknown {
  if (value === null || value === undefined) return undefined;
  if (definition.mutability === 'readOnly' || definition.mutability === 'writeOnly') return undefined;
  if (!definition.multiValued) return normalizeSingle(value, definition, path, accept);
  const list = Array.isArray(value) ? value : [value];
  const items = list.filter((item) => item !== null).map((item, index) => normalizeSingle(item, definition, `${path}[${index}]`, accept));
  if (items.length === 0) return undefined;
  if (definition.type === 'complex') {
    const primaries = items.filter((item) => isObject(item) && item.primary === true).length;
    if (primaries > 1) throw invalidValue(`Only one of "${definition.name}" can be primary (RFC 7643 §2.4).`);
  }
  return items;
}

function normalizeSingle(value: unknown, definition: AttributeDefinition, path: string, accept: HabitAcceptor): unknown {
  switch (definition.type) {
    case 'complex': {
      if (!isObject(value)) throw invalidValue(`"${path}" must be an object.`);
      const normalized = normalizeAttributes(value, definition.subAttributes ?? [], path, accept);
      return Object.keys(normalized).length > 0 ? normalized : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // Entra sends "False" / "True"; a strict server refuses a string where a boolean belongs.
      if (typeof value === 'string' && /^(true|false)$/i.test(value) && accept('stringBoolean', `"${path}": ${JSON.stringify(value)}`)) {
        return value.toLowerCase() === 'true';
      }
      throw invalidValue(`"${path}" must be a boolean (true or false), not ${JSON.stringify(value)}.`);
    case 'integer':
      if (Number.isInteger(value)) return value;
      throw invalidValue(`"${path}" must be an integer, not ${JSON.stringify(value)}.`);
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw invalidValue(`"${path}" must be a number, not ${JSON.stringify(value)}.`);
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw invalidValue(`"${path}" must be an xsd:dateTime string such as 2024-05-01T12:00:00Z.`);
    default:
      if (typeof value === 'string') return value;
      throw invalidValue(`"${path}" must be a string, not ${JSON.stringify(value)}.`);
  }
}

/**
 * Members as IdPs send them: Okta `{value, display}` without `type`, Entra `[{"value": "…"}]`,
 * keys in any case, one object alone accepted too. Whether the ids exist is the service's check.
 */
export function normalizeMembers(value: unknown): MemberValue[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    const field = (name: string) =>
      isObject(item) ? Object.entries(item).find(([key]) => key.toLowerCase() === name)?.[1] : undefined;
    const id = field('value');
    if (typeof id !== 'string' || id === '') {
      throw invalidValue(
        `members[${index}] must be an object with the member's id as a non-empty string "value"; got ${JSON.stringify(item)}.`,
      );
    }
    const member: MemberValue = { value: id };
    const type = field('type');
    const display = field('display');
    if (typeof type === 'string') member.type = type;
    if (typeof display === 'string') member.display = display;
    return member;
  });
}

function findByName(definitions: readonly AttributeDefinition[], name: string) {
  const lower = name.toLowerCase();
  return definitions.find((definition) => definition.name.toLowerCase() === lower);
}

const isBlank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const invalidValue = (detail: string) => ScimError.badRequest('invalidValue', detail);
const invalidSyntax = (detail: string) => ScimError.badRequest('invalidSyntax', detail);
