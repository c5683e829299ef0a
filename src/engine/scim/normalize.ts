import { findExtensionSchema } from './attribute-path';
import { ACCEPT_EVERYTHING, type InputRules, type SchemaViolation } from '../compat/input-rules';
import type { Habit } from '../compat/modes';
import { reshapeValue } from '../compat/value-shapes';
import { ScimError } from './errors';
import { COMMON_ATTRIBUTES } from './schemas/common';
import { BUILT_IN_SECRETS } from '../recorder/secret-names';
import type { AttributeDefinition, ResourceSchemas } from './schemas/types';
import { isPlainObject } from '../../shared/json-values';
import { definitionsByName } from './schemas/definitions-by-name';

/** A resource as stored: the served JSON minus `id`, `meta` and attributes kept elsewhere. */
export type ScimDocument = Record<string, unknown>;

export interface MemberValue {
  value: string;
  type?: string;
  display?: string;
  /** Sub-attributes no schema defines, kept as sent where the workspace is lenient. */
  extra?: Record<string, unknown>;
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
 * - writeOnly `password` is left out: the caller stores only a digest of it (see password.ts); so are
 *   other `returned: never` attributes and unknown secret-named ones (recorder/secret-names.ts);
 * - `null` means "unassigned" (RFC 7644 §3.5.1), so the key is removed;
 * - IdP habits (`"False"`, a lone value for a list, a bare manager id…) are normalised where the
 *   workspace's mode accepts them (`rules.acceptHabit`), else refused as a strict server would;
 * - attributes no schema defines and values outside declared canonical values are kept as sent
 *   where the workspace is lenient (`rules.tolerate`), so the workbench shows what the IdP did,
 *   else refused with `invalidValue`;
 * - anything of the wrong type is a 400 `invalidValue` naming the attribute.
 */
export function normalizeResource(input: unknown, schemas: ResourceSchemas, rules: InputRules = ACCEPT_EVERYTHING): NormalizedResource {
  if (!isPlainObject(input)) throw invalidSyntax('The request body must be a JSON object.');
  const document: ScimDocument = {};
  let members: MemberValue[] | undefined;
  const declaredSchemas = normalizeSchemasAttribute(input.schemas, schemas, rules);

  for (const [key, value] of Object.entries(input)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = findExtensionSchema(key, schemas);
    if (extension) {
      if (value === null) continue;
      if (!isPlainObject(value)) throw invalidValue(`"${extension.id}" must be an object of extension attributes.`);
      const normalized = normalizeAttributes(value, extension.attributes, extension.id, rules);
      if (Object.keys(normalized).length > 0) document[extension.id] = normalized;
      continue;
    }
    const definition = findByName(schemas.core.attributes, key) ?? findByName(COMMON_ATTRIBUTES, key);
    if (!definition) {
      const kept = value === null ? undefined : keepUnknown(key, value, schemas.resourceType.name, rules);
      if (kept !== undefined) document[key] = kept;
      continue;
    }
    if (schemas.resourceType.id === 'Group' && definition.name === 'members') {
      members = value === null ? [] : normalizeMembers(value, rules);
      continue;
    }
    const normalized = normalizeAttribute(value, definition, definition.name, rules);
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

/** OneLogin's SCIM 1.1 URNs and the SCIM 2.0 schemas they stand for. */
const SCIM_11_URNS: Record<string, (schemas: ResourceSchemas) => string | undefined> = {
  'urn:scim:schemas:core:1.0': (schemas) => schemas.core.id,
  'urn:scim:schemas:extension:enterprise:1.0': (schemas) =>
    schemas.extensions.find((extension) => extension.id.toLowerCase().startsWith('urn:ietf:params:scim:schemas:extension:enterprise:2.0'))?.id,
};

/**
 * Normalises a document after PATCH. Only what the PATCH brought in is judged: an unknown
 * attribute stored while the workspace was lenient must not make every later PATCH fail (or be
 * noted again) after the setting changes. Violations are rare, so the stored document is only
 * normalised a second time, to tell old from new, when there are any.
 */
export function normalizePatchResult(before: ScimDocument, after: ScimDocument, schemas: ResourceSchemas, rules: InputRules): NormalizedResource {
  const collector = new ViolationCollector(rules);
  const normalized = normalizeResource(after, schemas, collector);
  const { found } = collector;
  if (found.length === 0) return normalized;
  const existing = new Set<string>();
  try {
    normalizeResource(before, schemas, { acceptHabit: () => true, tolerate: (_, detail) => (existing.add(detail), true) });
  } catch {
    // A stored document the current schemas no longer fit (an extension was undeclared): judge everything.
  }
  for (const { violation, detail } of found) {
    if (!existing.has(detail) && !rules.tolerate(violation, detail)) throw invalidValue(detail);
  }
  return normalized;
}

/** normalizePatchResult's rules: habits as the workspace decides, violations collected to be judged after. */
class ViolationCollector implements InputRules {
  readonly found: { violation: SchemaViolation; detail: string }[] = [];

  constructor(private readonly rules: InputRules) {}

  acceptHabit(habit: Habit, detail: string): boolean {
    return this.rules.acceptHabit(habit, detail);
  }

  tolerate(violation: SchemaViolation, detail: string): boolean {
    this.found.push({ violation, detail });
    return true;
  }
}

function normalizeSchemasAttribute(value: unknown, schemas: ResourceSchemas, rules: InputRules): string[] {
  if (value === undefined || value === null) {
    const detail = `The body has no "schemas" (RFC 7643 §3 requires it): send ["${schemas.core.id}"]`;
    if (!rules.tolerate('missingSchemas', `${detail}; read as that.`)) throw invalidValue(`${detail}.`);
    return [schemas.core.id];
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidSyntax('"schemas" must be an array of schema URNs.');
  }
  const known = [schemas.core, ...schemas.extensions];
  const result: string[] = [];
  for (const urn of value as string[]) {
    const schema = known.find((candidate) => candidate.id.toLowerCase() === urn.toLowerCase());
    const scim2 = schema ? undefined : SCIM_11_URNS[urn.toLowerCase()]?.(schemas);
    if (scim2 && rules.acceptHabit('scim11CoreUrn', `"schemas" lists the SCIM 1.1 URN "${urn}"`)) {
      result.push(scim2);
      continue;
    }
    if (!schema) throw invalidValue(`"${urn}" is not a schema of ${schemas.resourceType.name} resources.`);
    result.push(schema.id);
  }
  if (!result.includes(schemas.core.id)) {
    throw invalidValue(`"schemas" must include "${schemas.core.id}".`);
  }
  return result;
}

function normalizeAttributes(input: Record<string, unknown>, definitions: readonly AttributeDefinition[], path: string, rules: InputRules, separator = ':') {
  const output: ScimDocument = {};
  for (const [key, value] of Object.entries(input)) {
    const definition = findByName(definitions, key);
    if (!definition) {
      const kept = value === null ? undefined : keepUnknown(`${path}${separator}${key}`, value, undefined, rules);
      if (kept !== undefined) output[key] = kept;
      continue;
    }
    const normalized = normalizeAttribute(value, definition, `${path}${separator}${definition.name}`, rules);
    if (normalized !== undefined) output[definition.name] = normalized;
  }
  return output;
}

function normalizeAttribute(input: unknown, definition: AttributeDefinition, path: string, rules: InputRules): unknown {
  if (input === null || input === undefined) return undefined;
  // A `returned: never` value is a secret by the schema's word (password, an extension's PIN): it is never stored.
  if (definition.mutability === 'readOnly' || definition.mutability === 'writeOnly' || definition.returned === 'never') return undefined;
  const value = reshapeValue(input, definition, path, rules);
  if (!definition.multiValued) {
    if (Array.isArray(value)) throw invalidValue(`"${path}" is single-valued; send one value, not a list.`);
    return normalizeSingle(value, definition, path, rules);
  }
  if (!Array.isArray(value)) throw invalidValue(`"${path}" is multi-valued; send a list (RFC 7643 §2.4), not ${shown(value)}.`);
  const items = value.filter((item) => item !== null).map((item, index) => normalizeSingle(item, definition, `${path}[${index}]`, rules));
  if (items.length === 0) return undefined;
  if (definition.type === 'complex') {
    const primaries = items.filter((item) => isPlainObject(item) && item.primary === true).length;
    if (primaries > 1) throw invalidValue(`Only one of "${definition.name}" can be primary (RFC 7643 §2.4).`);
  }
  return items;
}

function normalizeSingle(value: unknown, definition: AttributeDefinition, path: string, rules: InputRules): unknown {
  switch (definition.type) {
    case 'complex': {
      if (!isPlainObject(value)) throw invalidValue(`"${path}" must be an object.`);
      const normalized = normalizeAttributes(value, definition.subAttributes ?? [], path, rules, '.');
      return Object.keys(normalized).length > 0 ? normalized : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // Entra sends "False" / "True"; a strict server refuses a string where a boolean belongs.
      if (typeof value === 'string' && /^(true|false)$/i.test(value) && rules.acceptHabit('stringBoolean', `"${path}": ${JSON.stringify(value)}`)) {
        return value.toLowerCase() === 'true';
      }
      throw invalidValue(`"${path}" must be a boolean (true or false), not ${shown(value)}.`);
    case 'integer':
      if (Number.isInteger(value)) return value;
      throw invalidValue(`"${path}" must be an integer, not ${shown(value)}.`);
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw invalidValue(`"${path}" must be a number, not ${shown(value)}.`);
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw invalidValue(`"${path}" must be an xsd:dateTime string such as 2024-05-01T12:00:00Z.`);
    default:
      if (typeof value !== 'string') throw invalidValue(`"${path}" must be a string, not ${shown(value)}.`);
      if (definition.canonicalValues && !definition.canonicalValues.some((canonical) => canonical.toLowerCase() === value.toLowerCase())) {
        const detail = `"${path}" is ${shown(value)}; its schema declares ${definition.canonicalValues.map((v) => `"${v}"`).join(', ')}.`;
        if (!rules.tolerate('nonCanonicalValue', detail)) throw invalidValue(detail);
      }
      return value;
  }
}

/** A value as an error quotes it: its JSON, but a number JSON cannot hold (`1e400` parses as Infinity, which JSON writes as null) as what it is. */
function shown(value: unknown): string {
  return typeof value === 'number' && !Number.isFinite(value) ? `${value} (a number too large to hold)` : JSON.stringify(value);
}

/** An attribute no schema defines: kept as sent where the workspace is lenient, else refused. */
/** An unknown attribute is kept as sent where tolerated — unless its name says it is a secret (`userPassword`, `pin`): those are never stored. */
function keepUnknown(path: string, value: unknown, resourceType: string | undefined, rules: InputRules): unknown {
  const detail = `"${path}" is not an attribute of ${resourceType ?? 'its schema'}${resourceType ? ' resources' : ''}.`;
  if (!rules.tolerate('unknownAttribute', detail)) throw invalidValue(detail);
  return BUILT_IN_SECRETS.isSecretPath(path) ? undefined : withoutSecretMembers(value);
}

/**
 * An unknown value as kept: members whose names say they hold a secret are left out at any depth,
 * since no schema definition drops them there (`{"urn:acme:…:User": {"apiKey": …}}`).
 */
function withoutSecretMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecretMembers);
  if (!isPlainObject(value)) return value;
  // fromEntries defines own members: a `__proto__` key stays data, never the prototype.
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !BUILT_IN_SECRETS.isSecret(key))
      .map(([key, member]) => [key, withoutSecretMembers(member)]),
  );
}

/**
 * Members as IdPs send them: Okta `{value, display}` without `type`, Entra `[{"value": "…"}]`,
 * keys in any case, one object alone accepted too. Whether the ids exist is the service's check.
 */
export function normalizeMembers(value: unknown, rules: InputRules = ACCEPT_EVERYTHING): MemberValue[] {
  let list = Array.isArray(value) ? value : [value];
  const bareIds = list.filter((item) => typeof item === 'string' && item !== '').length;
  if (bareIds > 0 && rules.acceptHabit('bareMemberId', `${bareIds} of ${list.length} members sent as bare ids`)) {
    list = list.map((item) => (typeof item === 'string' && item !== '' ? { value: item } : item));
  }
  noteMemberHabits(list, rules);
  const keepUnknownKeys = tolerateUnknownMemberKeys(list, rules);
  return list.map((item, index) => {
    const field = (name: string) => (isPlainObject(item) ? Object.entries(item).find(([key]) => key.toLowerCase() === name)?.[1] : undefined);
    const id = field('value');
    if (typeof id !== 'string' || id === '') {
      throw invalidValue(`members[${index}] must be an object with the member's id as a non-empty string "value"; got ${shown(item)}.`);
    }
    const member: MemberValue = { value: id };
    const type = field('type');
    const display = field('display');
    if (typeof type === 'string') member.type = type;
    if (typeof display === 'string') member.display = display;
    if (keepUnknownKeys && isPlainObject(item)) {
      // Unknown keys are kept as sent, but not those that hold a secret.
      const extra = withoutSecretMembers(Object.fromEntries(Object.entries(item).filter(([key]) => !MEMBER_KEYS.has(key.toLowerCase())))) as Record<
        string,
        unknown
      >;
      if (Object.keys(extra).length > 0) member.extra = extra;
    }
    return member;
  });
}

/**
 * Members without `type` (Okta, Entra) and with `"$ref": null` (Entra) are both valid SCIM
 * (type is optional; null is "unassigned", RFC 7643 §2.5), so every mode takes them and the
 * member's type is read from the resource its id names. Where the mode knows the habit, one note
 * per request says whose shape it was (a 1,000-member push gets one note, not 1,000).
 */
function noteMemberHabits(list: unknown[], rules: InputRules): void {
  const field = (item: unknown, name: string) => (isPlainObject(item) ? Object.entries(item).find(([key]) => key.toLowerCase() === name) : undefined);
  const withoutType = list.filter((item) => field(item, 'type') === undefined).length;
  const nullRefs = list.filter((item) => {
    const ref = field(item, '$ref');
    return ref !== undefined && ref[1] === null;
  }).length;
  if (withoutType > 0) rules.acceptHabit('memberWithoutType', `${withoutType} of ${list.length} members sent without "type"`);
  if (nullRefs > 0) rules.acceptHabit('nullRefMember', `${nullRefs} of ${list.length} members sent with "$ref": null`);
}

const MEMBER_KEYS = new Set(['value', 'type', 'display', '$ref']);

/**
 * Member sub-attributes no schema defines (`displayName` from Microsoft's reference tests): one
 * verdict per request, naming them all. Refused with invalidValue where the workspace is not lenient.
 */
function tolerateUnknownMemberKeys(list: unknown[], rules: InputRules): boolean {
  const unknown = new Set(list.flatMap((item) => (isPlainObject(item) ? Object.keys(item).filter((key) => !MEMBER_KEYS.has(key.toLowerCase())) : [])));
  if (unknown.size === 0) return false;
  const detail = `members carry ${[...unknown].map((key) => `"${key}"`).join(', ')}, which the Group schema does not define (members have value, type, display and $ref).`;
  if (!rules.tolerate('unknownAttribute', detail)) throw invalidValue(detail);
  return true;
}

function findByName(definitions: readonly AttributeDefinition[], name: string) {
  return definitionsByName(definitions).get(name.toLowerCase());
}

const isBlank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');

const invalidValue = (detail: string) => ScimError.badRequest('invalidValue', detail);
const invalidSyntax = (detail: string) => ScimError.badRequest('invalidSyntax', detail);
