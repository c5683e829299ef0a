import { resolveAttributePath, type AttributeRef } from '../attribute-path';
import { ScimError } from '../errors';
import type { AttributeDefinition, ResourceSchemas } from '../schemas/types';
import type { Compare, Filter, Suffix } from './parse';
import { isPlainObject } from '../../../shared/json-values';
import { findSubAttribute } from '../schemas/find-sub-attribute';
import { elementsOf } from '../multi-valued';

/**
 * Evaluates a parsed SCIM filter (RFC 7644 §3.4.2.2) against documents in memory: PATCH
 * value filters (`emails[type eq "work"]`) and anything that filters resources without SQL.
 * The semantics are meant to be those of the SQL compiler (to-sql.ts), so a filter selects
 * the same resources whichever way it runs:
 *
 * - attribute names are case-insensitive; strings and references fold with toLowerCase()
 *   unless the attribute is caseExact; dateTime compares by instant, except co/sw/ew which
 *   compare the stored text as it is;
 * - a multi-valued attribute matches when ANY element matches; `emails eq "x"` compares each
 *   element's `value`; `emails pr` means "has at least one element that is a value" (see isPresent);
 * - `ne` is `not eq`, so a missing attribute matches `ne`; `eq null` is `not pr`;
 * - a comparison value of the wrong JSON type (`active eq "true"`, `userName gt true`), operators
 *   that mean nothing for a type (gt on a boolean, co on a number, anything but pr on binary, eq
 *   on a single complex attribute) and unknown attributes are `invalidFilter`, as in SQL.
 *
 * The filter is checked completely when it is compiled, before any data is looked at, so a
 * bad filter fails the same way whether or not some document would have short-circuited it.
 */

export type ResourcePredicate = (resource: object) => boolean;
export type ElementPredicate = (element: unknown) => boolean;

/** Compiles a filter over whole resources (served or stored documents); throws `invalidFilter`. */
export function filterPredicate(filter: Filter, schemas: ResourceSchemas): ResourcePredicate {
  return compile(filter, resourceScope(schemas));
}

/** Compiles the filter inside `attr[…]`, whose names are sub-attributes of `parent`; throws `invalidFilter`. */
export function valueFilterPredicate(filter: Filter, parent: AttributeDefinition): ElementPredicate {
  if (parent.type !== 'complex') throw invalid(`"${parent.name}" is not a complex attribute, so it cannot take a [value filter].`);
  return compile(filter, elementScope(parent));
}

export function matchesFilter(resource: object, filter: Filter, schemas: ResourceSchemas): boolean {
  return filterPredicate(filter, schemas)(resource);
}

export function matchesValueFilter(element: unknown, filter: Filter, parent: AttributeDefinition): boolean {
  return valueFilterPredicate(filter, parent)(element);
}

/** What an attribute expression (`emails.value`, `active`, `type` inside brackets) reads from a subject. */
interface Operand {
  /** The definition the values are compared as: for `emails eq "x"`, emails' `value` sub-attribute. */
  definition: AttributeDefinition;
  /** Why only `pr` may test this operand (a complex value), or undefined when it compares. */
  notComparable?: string;
  /** The operand reads the elements of a multi-valued attribute. */
  multiValued?: boolean;
  /** Every value to compare, nulls left out: one per element for multi-valued attributes. */
  values(subject: unknown): unknown[];
  /** `pr`: has a value that is not null, "", [] or {}; for a whole multi-valued attribute, has an element. */
  present(subject: unknown): boolean;
}

interface Scope {
  operand(attrPath: string): Operand;
  /** Value filters take a nested filter only at the resource level (RFC 7644 forbids nesting them). */
  valuePath?(attrPath: string, inner: Filter): (subject: unknown) => boolean;
}

function compile(filter: Filter, scope: Scope): (subject: unknown) => boolean {
  switch (filter.op) {
    case 'and': {
      const parts = filter.filters.map((child) => compile(child, scope));
      return (subject) => parts.every((part) => part(subject));
    }
    case 'or': {
      const parts = filter.filters.map((child) => compile(child, scope));
      return (subject) => parts.some((part) => part(subject));
    }
    case 'not': {
      const inner = compile(filter.filter, scope);
      return (subject) => !inner(subject);
    }
    case '[]':
      if (!scope.valuePath) throw invalid(`Value filters cannot be nested ("${filter.attrPath}[…]").`);
      return scope.valuePath(filter.attrPath, filter.valFilter);
    default:
      return attributeExpression(filter, scope.operand(filter.attrPath));
  }
}

function resourceScope(schemas: ResourceSchemas): Scope {
  const resolve = (attrPath: string): AttributeRef => {
    const ref = resolveAttributePath(attrPath, schemas);
    if (!ref) throw invalid(`Unknown attribute "${attrPath}" for resource type ${schemas.resourceType.name}.`);
    return ref;
  };
  return {
    operand: (attrPath) => resourceOperand(resolve(attrPath)),
    valuePath(attrPath, inner) {
      const ref = resolve(attrPath);
      if (ref.subAttribute || ref.attribute.type !== 'complex' || !ref.attribute.multiValued) {
        throw invalid(`"${attrPath}" is not a multi-valued complex attribute, so it cannot take a [value filter].`);
      }
      const matches = compile(inner, elementScope(ref.attribute));
      const keys = attributeKeys(ref);
      return (subject) => elementsOf(readKeys(subject, keys)).some(matches);
    },
  };
}

function resourceOperand(ref: AttributeRef): Operand {
  const keys = attributeKeys(ref);
  const { attribute, subAttribute } = ref;
  if (attribute.multiValued) {
    // `emails.value`, or `emails` itself, which compares each element's `value`.
    const target = subAttribute ?? (attribute.type === 'complex' ? findSubAttribute(attribute, 'value') : attribute);
    const valuesOf = (subject: unknown) => {
      const elements = elementsOf(readKeys(subject, keys));
      return target === attribute ? elements : elements.flatMap((element) => listOf(field(element, target?.name)));
    };
    return {
      multiValued: true,
      definition: target ?? attribute,
      notComparable: target
        ? undefined
        : `"${attribute.name}" has no "value" sub-attribute to compare; name one of its sub-attributes (e.g. ${attribute.name}.${attribute.subAttributes?.[0]?.name ?? 'type'}).`,
      values: (subject) => valuesOf(subject).filter(assigned),
      present: subAttribute ? (subject) => valuesOf(subject).some(isPresent) : (subject) => elementsOf(readKeys(subject, keys)).some(isPresent),
    };
  }
  const definition = subAttribute ?? attribute;
  const read = (subject: unknown) => {
    const value = readKeys(subject, keys);
    return subAttribute ? field(value, subAttribute.name) : value;
  };
  return singleOperand(definition, read);
}

function elementScope(parent: AttributeDefinition): Scope {
  return {
    operand(attrPath) {
      const sub = findSubAttribute(parent, attrPath);
      if (!sub) throw invalid(`"${parent.name}" has no sub-attribute "${attrPath}".`);
      return singleOperand(sub, (element) => field(element, sub.name));
    },
  };
}

function singleOperand(definition: AttributeDefinition, read: (subject: unknown) => unknown): Operand {
  return {
    definition,
    notComparable: definition.type === 'complex' ? `"${definition.name}" is a complex attribute; compare one of its sub-attributes instead.` : undefined,
    values: (subject) => listOf(read(subject)).filter(assigned),
    present: (subject) => listOf(read(subject)).some(isPresent),
  };
}

function attributeExpression(filter: Compare | Suffix, operand: Operand): (subject: unknown) => boolean {
  if (filter.op === 'pr') return operand.present;
  const { op, compValue, attrPath } = filter;
  if (operand.notComparable) throw invalid(operand.notComparable);
  if (compValue === null) {
    // `attr eq null` reads naturally as "has no value"; other operators with null mean nothing.
    if (op === 'eq') return (subject) => !operand.present(subject);
    if (op === 'ne') return operand.present;
    throw invalid(`"${op} null" is not a meaningful comparison for "${attrPath}".`);
  }
  if (op === 'ne') {
    const equals = comparator('eq', compValue, operand.definition, attrPath);
    // RFC 7644 §3.4.2.2: a multi-valued attribute matches when ANY of its values meets the
    // criterion, so `emails.type ne "home"` means "has an email whose type is not home".
    // A single-valued attribute that is missing is "not equal", as `not (… eq …)` would say.
    if (operand.multiValued) return (subject) => operand.values(subject).some((value) => !equals(value));
    return (subject) => !operand.values(subject).some(equals);
  }
  const test = comparator(op, compValue, operand.definition, attrPath);
  return (subject) => operand.values(subject).some(test);
}

type Operator = Exclude<Compare['op'], 'ne'>;
type CompValue = string | number | boolean;

/** One stored value against the comparison value, for the attribute's type. */
function comparator(op: Operator, compValue: CompValue, definition: AttributeDefinition, attrPath: string) {
  const ordering = op === 'gt' || op === 'ge' || op === 'lt' || op === 'le';
  const textual = op === 'co' || op === 'sw' || op === 'ew';
  const mismatch = (expected: string) => invalid(`"${attrPath}" is ${expected}; ${JSON.stringify(compValue)} cannot be compared with it.`);
  switch (definition.type) {
    case 'boolean':
      if (ordering || textual) throw invalid(`"${op}" is not defined for the boolean attribute "${attrPath}".`);
      if (typeof compValue !== 'boolean') throw mismatch('a boolean');
      return (value: unknown) => value === compValue;
    case 'integer':
    case 'decimal':
      if (textual) throw invalid(`"${op}" is not defined for the number attribute "${attrPath}".`);
      if (typeof compValue !== 'number') throw mismatch('a number');
      return (value: unknown) => typeof value === 'number' && ordered(op, Math.sign(value - compValue));
    case 'dateTime': {
      if (typeof compValue !== 'string') throw mismatch('a dateTime');
      const instant = Date.parse(compValue);
      if (Number.isNaN(instant)) throw invalid(`"${attrPath}" is a dateTime; ${JSON.stringify(compValue)} is not one.`);
      if (textual) return textMatcher(op, compValue, false);
      return (value: unknown) => {
        const stored = typeof value === 'string' ? Date.parse(value) : Number.NaN;
        return !Number.isNaN(stored) && ordered(op, Math.sign(stored - instant));
      };
    }
    case 'binary':
      throw invalid(`The binary attribute "${attrPath}" cannot be filtered.`);
    case 'complex':
      throw invalid(`"${attrPath}" is a complex attribute; compare one of its sub-attributes instead.`);
    default: {
      if (typeof compValue !== 'string') throw mismatch('a string');
      const fold = !definition.caseExact;
      if (textual) return textMatcher(op, compValue, fold);
      const wanted = fold ? compValue.toLowerCase() : compValue;
      return (value: unknown) => typeof value === 'string' && ordered(op, compareCodePoints(fold ? value.toLowerCase() : value, wanted));
    }
  }
}

function textMatcher(op: 'co' | 'sw' | 'ew', compValue: string, fold: boolean) {
  const wanted = fold ? compValue.toLowerCase() : compValue;
  return (value: unknown) => {
    if (typeof value !== 'string') return false;
    const text = fold ? value.toLowerCase() : value;
    if (op === 'co') return text.includes(wanted);
    if (op === 'sw') return text.startsWith(wanted);
    return text.endsWith(wanted);
  };
}

/** Applies an equality or ordering operator to the sign of (stored - wanted). */
function ordered(op: Operator, sign: number): boolean {
  switch (op) {
    case 'eq':
      return sign === 0;
    case 'gt':
      return sign > 0;
    case 'ge':
      return sign >= 0;
    case 'lt':
      return sign < 0;
    case 'le':
      return sign <= 0;
    default:
      return false;
  }
}

/**
 * Orders strings by code point, which is how SQLite's BINARY collation orders UTF-8 text.
 * JavaScript's `<` orders UTF-16 code units instead; the two disagree on characters outside
 * the Basic Multilingual Plane, and the in-memory result must equal the SQL one.
 */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  const restA = i < a.length;
  const restB = j < b.length;
  return restA === restB ? 0 : restA ? 1 : -1;
}

/** The document keys of the attribute itself (without its sub-attribute). */
function attributeKeys(ref: AttributeRef): string[] {
  return ref.subAttribute ? ref.documentKeys.slice(0, -1) : ref.documentKeys;
}

function readKeys(subject: unknown, keys: readonly string[]): unknown {
  let value = subject;
  for (const key of keys) value = field(value, key);
  return value;
}

function field(value: unknown, key: string | undefined): unknown {
  if (key === undefined || !isPlainObject(value)) return undefined;
  return Object.hasOwn(value, key) ? value[key] : undefined;
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const assigned = (value: unknown) => value !== undefined && value !== null;

/**
 * RFC 7644 §3.4.2.2 `pr`: not null or "", an array with elements, or an object with at least one
 * member that is a value (`name: {givenName: ""}` is not present). Members are judged one level
 * deep, as the SQL side (resource-sql-map's jsonPresence) does; SCIM sub-attributes are never complex.
 */
function isPresent(value: unknown): boolean {
  if (isPlainObject(value)) return Object.values(value).some(isMemberPresent);
  return isMemberPresent(value);
}

function isMemberPresent(value: unknown): boolean {
  if (!assigned(value) || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

const invalid = (detail: string) => ScimError.badRequest('invalidFilter', detail);
