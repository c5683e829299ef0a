import { isDeepStrictEqual } from 'node:util';
import { ACCEPT_EVERYTHING, type InputRules } from '../../compat/input-rules';
import { reshapeValue } from '../../compat/value-shapes';
import { findExtensionSchema, type AttributeRef } from '../attribute-path';
import { ScimError } from '../errors';
import type { Filter } from '../filter/parse';
import { normalizeMembers, type MemberValue } from '../normalize';
import { COMMON_ATTRIBUTES } from '../schemas/common';
import type { AttributeDefinition, ResourceSchemas, SchemaDefinition } from '../schemas/types';
import { parsePatchPath, type PatchPath } from './path';
import type { PatchOpName, PatchOperation } from './request';
import { isPlainObject } from '../../../shared/json-values';
import { findSubAttribute } from '../schemas/find-sub-attribute';
import { elementsOf } from '../multi-valued';
import { cloneJson } from '../json-clone';

/**
 * Applies PATCH operations (RFC 7644 §3.5.2.1–3) to a stored document: the resource as
 * served minus `id`, `meta` and the attributes kept elsewhere. It changes structure only;
 * value types (`"False"` → false) and readOnly sub-attributes inside values are the
 * normaliser's business, which runs on the result.
 */

export type { MemberValue };

/** A change to an attribute stored outside the document (a Group's `members`), in request order. */
export type MemberOp =
  | { kind: 'add'; members: MemberValue[] }
  | { kind: 'remove'; ids: string[] }
  /** A filter over member objects `{value, type, display}`; evaluate it with matchesValueFilter and the members definition. */
  | { kind: 'removeWhere'; filter: Filter }
  | { kind: 'removeAll' }
  | { kind: 'replace'; members: MemberValue[] };

export interface ApplyPatchOptions {
  /** Top-level core attributes stored outside the document (for Groups: `members`); any case. */
  externalAttributes?: Iterable<string>;
  /** The workspace's verdict on IdP habits in operation values (see compat/input-rules.ts). */
  rules?: InputRules;
}

export interface PatchResult {
  /** A new document; the one passed in is left as it was. */
  document: Record<string, unknown>;
  memberOps: MemberOp[];
  /** Whether the document differs from the original or there are member operations. */
  changed: boolean;
}

type JsonObject = Record<string, unknown>;

export function applyPatch(
  document: JsonObject,
  operations: readonly PatchOperation[],
  schemas: ResourceSchemas,
  options: ApplyPatchOptions = {},
): PatchResult {
  const external = new Set([...(options.externalAttributes ?? [])].map((name) => name.toLowerCase()));
  const patcher = new Patcher(cloneJson(document), schemas, external, options.rules ?? ACCEPT_EVERYTHING);
  operations.forEach((operation, index) => {
    try {
      patcher.apply(operation);
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      // Say which operation failed: IdPs batch many, and the bare detail rarely tells which.
      const label = operation.path === undefined ? operation.op : `${operation.op} "${operation.path}"`;
      throw new ScimError(error.status, error.scimType, `PATCH operation ${index + 1} (${label}): ${error.detail}`);
    }
  });
  const { memberOps } = patcher;
  const patched = patcher.document;
  // Worked out when asked: the resource service compares the serialised documents it writes
  // anyway, so a deep comparison of every PATCH's documents would be spent for nothing.
  return {
    document: patched,
    memberOps,
    get changed() {
      return memberOps.length > 0 || !isDeepStrictEqual(document, patched);
    },
  };
}

class Patcher {
  readonly memberOps: MemberOp[] = [];

  constructor(
    readonly document: JsonObject,
    private readonly schemas: ResourceSchemas,
    private readonly external: ReadonlySet<string>,
    private readonly rules: InputRules,
  ) {}

  apply(operation: PatchOperation): void {
    const { op, path, value } = operation;
    if (path !== undefined) {
      // A bare extension URN names the extension's whole object (RFC 7644 §3.5.2: an attrPath may be
      // a schema URN); attribute-path resolution knows only attributes, so it is caught here.
      const extension = findExtensionSchema(path, this.schemas);
      if (extension) this.applyToExtension(op, extension, value);
      else this.applyAtPath(op, parsePatchPath(path, this.schemas, { unqualifiedExtensionRules: this.rules }), value);
      return;
    }
    if (op === 'remove') throw ScimError.badRequest('noTarget', 'A remove operation needs a "path".');
    if (!isPlainObject(value)) {
      throw invalidValue(`Without a "path", the value must be an object of attributes to ${op}.`);
    }
    for (const [key, keyValue] of Object.entries(value)) this.applyKey(op, key, keyValue, false);
  }

  /**
   * One key of a path-less add/replace value: an attribute name in any case, or a schema URN
   * whose object value holds that schema's attributes (RFC 7644 §3.5.2.1). Entra's
   * aadOptscim062020 form also uses paths as keys (`name.givenName`, `emails[type eq "work"].value`,
   * `urn:…:User:department`), accepted where the mode takes that habit.
   */
  private applyKey(op: PatchOpName, key: string, value: unknown, inSchemaObject: boolean): void {
    // The resource's `schemas` is the server's to keep, whatever a client echoes back.
    if (key.toLowerCase() === 'schemas') return;
    const schema = [this.schemas.core, ...this.schemas.extensions].find((candidate) => candidate.id.toLowerCase() === key.toLowerCase());
    if (schema) {
      if (!isPlainObject(value)) throw invalidValue(`"${key}" must be an object holding attributes of that schema.`);
      for (const [name, nameValue] of Object.entries(value)) this.applyKey(op, `${schema.id}:${name}`, nameValue, true);
      return;
    }
    const path = parsePatchPath(key, this.schemas);
    const isPathKey = path.valueFilter !== undefined || path.ref.subAttribute !== undefined || (path.ref.isExtension && !inSchemaObject);
    if (isPathKey && !this.rules.acceptHabit('dottedPathlessKeys', `path-less ${op} with the path "${key}" as a key`)) {
      throw invalidValue(
        `Without a "path", the value's keys must be attribute names ("${key}" is a path; send it as the operation's "path", or put extension attributes under their schema URN).`,
      );
    }
    if (isReadOnly(path.ref)) {
      // Okta echoes `id` in a group rename ({"id":"g1","displayName":"New"}): id and meta are not in
      // the stored document to compare with, and echoing them is not an attempt to change them.
      if (COMMON_ATTRIBUTES.includes(path.ref.attribute)) {
        if (this.rules.acceptHabit('pathlessReplaceWithId', `path-less ${op} echoing "${path.ref.attribute.name}"`)) return;
        throw ScimError.badRequest('mutability', `"${key}" is readOnly; leave it out of a path-less ${op}.`);
      }
      if (path.valueFilter === undefined && sameState(this.read(path.ref), value)) return;
    }
    // A path-less replace replaces attributes, and replacing one that is not there adds it
    // (RFC 7644 §3.5.2.3); so a key `emails[type eq "work"].value` matching no email creates it,
    // where the same filter as an operation's path would be `noTarget`.
    const creates = op === 'replace' && path.valueFilter !== undefined && !this.anyElementMatches(path);
    this.applyAtPath(creates ? 'add' : op, path, value);
  }

  /**
   * `urn:…:enterprise:2.0:User` as the path: add and replace set the attributes the object value
   * holds, as a path-less value keyed by the URN does; remove drops the object and its URN from
   * `schemas` (the normaliser lists present extensions, but never unlists a removed one).
   */
  private applyToExtension(op: PatchOpName, extension: SchemaDefinition, value: unknown): void {
    if (op === 'remove' || value === null) {
      delete this.document[extension.id];
      this.unlistExtension(extension.id);
      return;
    }
    if (!isPlainObject(value)) throw invalidValue(`"${extension.id}" is an extension; its value must be an object of its attributes.`);
    for (const [name, nameValue] of Object.entries(value)) this.applyKey(op, `${extension.id}:${name}`, nameValue, true);
  }

  private unlistExtension(id: string): void {
    const { schemas } = this.document;
    if (Array.isArray(schemas)) this.document.schemas = schemas.filter((urn) => typeof urn !== 'string' || urn.toLowerCase() !== id.toLowerCase());
  }

  private anyElementMatches(path: PatchPath): boolean {
    const container = this.container(path.ref, false);
    const matches = path.valueFilter?.matches ?? (() => true);
    return elementsOf(container?.[path.ref.attribute.name]).some((element) => matches(element));
  }

  private applyAtPath(op: PatchOpName, path: PatchPath, value: unknown): void {
    const { ref } = path;
    if (isReadOnly(ref)) {
      throw ScimError.badRequest('mutability', `"${path.text}" is readOnly; the service provider maintains it.`);
    }
    if (!ref.isExtension && this.external.has(ref.attribute.name.toLowerCase())) {
      this.applyExternal(op, path, value);
      return;
    }
    if (op !== 'remove') value = this.reshape(path, value);
    if (path.valueFilter || (ref.subAttribute && ref.attribute.multiValued)) {
      this.applyToElements(op, path, value);
    } else if (ref.subAttribute) {
      this.applyToSubAttribute(op, path, value);
    } else {
      this.applyToAttribute(op, path, value);
    }
  }

  /** `userName`, `emails`, `name`, `urn:…:User:manager`: the whole attribute. */
  private applyToAttribute(op: PatchOpName, path: PatchPath, value: unknown): void {
    const definition = path.ref.attribute;
    const name = definition.name;

    if (op === 'remove' && value !== undefined && value !== null && definition.multiValued) {
      // Removing the given values only (Entra does this for members; clients do it for other lists too).
      this.acceptRemovalByValue(path);
      const unwanted = listOf(canonicalKeys(value, definition));
      const container = this.container(path.ref, false);
      if (!container) return;
      const kept = elementsOf(container[name]).filter((element) => !unwanted.some((item) => sameItem(element, item)));
      this.setOrDelete(path.ref, container, name, kept);
      return;
    }
    // RFC 7643 §2.5: null and [] mean "unassigned", so writing them is removing the attribute.
    if (op === 'remove' || value === null || (op === 'replace' && Array.isArray(value) && value.length === 0)) {
      assertRemovable(definition, path.text);
      const container = this.container(path.ref, false);
      if (container) this.setOrDelete(path.ref, container, name, undefined);
      return;
    }

    const container = this.container(path.ref, true) as JsonObject;
    const current = container[name];
    if (definition.multiValued) {
      if (!Array.isArray(value)) {
        throw invalidValue(`"${path.text}" is multi-valued; its value must be a list (RFC 7643 §2.4), not ${JSON.stringify(value)}.`);
      }
      const values = listOf(canonicalKeys(value, definition));
      if (op === 'replace') {
        // Written as given, several primaries included: the normaliser reports those.
        container[name] = values;
        return;
      }
      const elements = elementsOf(current);
      const added = values.filter((item) => !elements.some((element) => sameItem(element, item)));
      if (added.length === 0) return;
      const merged = [...elements, ...added];
      keepOnePrimary(merged, added, definition);
      container[name] = merged;
      return;
    }

    if (definition.type === 'complex') {
      // Add and replace both set the sub-attributes given and leave the others (RFC 7644
      // §3.5.2.1 and §3.5.2.3: "Sub-attributes that are not specified … are left unchanged").
      if (!isPlainObject(value)) throw invalidValue(`"${path.text}" is a complex attribute; its value must be an object.`);
      const next = { ...(isPlainObject(current) ? current : {}), ...(canonicalKeys(value, definition) as JsonObject) };
      assertMutable(definition, current, next, path.text);
      container[name] = next;
      return;
    }

    assertMutable(definition, current, value, path.text);
    container[name] = value;
  }

  /** `name.givenName`, `urn:…:User:manager.value`: a sub-attribute of a single complex attribute. */
  private applyToSubAttribute(op: PatchOpName, path: PatchPath, value: unknown): void {
    const { attribute } = path.ref;
    const sub = path.ref.subAttribute as AttributeDefinition;
    const removing = op === 'remove' || value === null;
    if (removing) assertRemovable(sub, path.text);
    const container = this.container(path.ref, !removing);
    if (!container) return;
    const current = container[attribute.name];

    if (removing) {
      if (!isPlainObject(current) || !Object.hasOwn(current, sub.name)) return;
      const rest = { ...current };
      delete rest[sub.name];
      this.setOrDelete(path.ref, container, attribute.name, Object.keys(rest).length > 0 ? rest : undefined);
      return;
    }
    const object = isPlainObject(current) ? current : {};
    assertMutable(sub, object[sub.name], value, path.text);
    object[sub.name] = op === 'add' && sub.multiValued ? appendDistinct(object[sub.name], value) : value;
    container[attribute.name] = object;
  }

  /**
   * `emails[type eq "work"]`, `emails[type eq "work"].value`, and `emails.value` (which
   * addresses every element). Add creates the element when none matches, from the filter's
   * `eq` terms: Entra sends `add emails[type eq "work"].value` to set a user's first work email.
   */
  private applyToElements(op: PatchOpName, path: PatchPath, value: unknown): void {
    const { attribute } = path.ref;
    const sub = path.ref.subAttribute;
    const removing = op === 'remove' || value === null;
    if (removing && sub) assertRemovable(sub, path.text);
    const container = this.container(path.ref, !removing);
    if (!container) return;
    const matches = path.valueFilter?.matches ?? (() => true);
    const elements = [...elementsOf(container[attribute.name])];
    const matched = elements.filter((element) => matches(element));

    if (removing) {
      const kept = sub
        ? elements.flatMap((element) => {
            if (!matched.includes(element) || !isPlainObject(element)) return [element];
            const rest = { ...element };
            delete rest[sub.name];
            return Object.keys(rest).length > 0 ? [rest] : [];
          })
        : elements.filter((element) => !matched.includes(element));
      // A remove whose filter matches nothing leaves nothing to do; RFC 7644 does not make it an error.
      this.setOrDelete(path.ref, container, attribute.name, kept);
      return;
    }

    if (!sub && !isPlainObject(value)) {
      throw invalidValue(`"${path.text}" selects elements of "${attribute.name}"; the value must be an object.`);
    }
    const given = sub ? undefined : (canonicalKeys(value, attribute) as JsonObject);
    let touched: unknown[];
    if (matched.length === 0) {
      if (op === 'replace' && path.valueFilter) {
        throw ScimError.badRequest('noTarget', `No value of "${attribute.name}" matches "${path.text}".`);
      }
      const created = path.valueFilter ? elementFromFilter(path.valueFilter.filter, attribute) : {};
      if (!created) {
        throw ScimError.badRequest(
          'noTarget',
          `No value of "${attribute.name}" matches "${path.text}", and the filter does not say what a new one would hold (only "eq" terms joined by "and" do).`,
        );
      }
      const element = sub ? { ...created, [sub.name]: value } : { ...created, ...given };
      elements.push(element);
      touched = [element];
    } else {
      touched = matched.map((element) => {
        const index = elements.indexOf(element);
        const base = isPlainObject(element) ? element : {};
        let next: JsonObject;
        if (sub) {
          next = { ...base, [sub.name]: op === 'add' && sub.multiValued ? appendDistinct(base[sub.name], value) : value };
        } else {
          next = op === 'add' ? { ...base, ...given } : { ...given };
        }
        elements[index] = next;
        return next;
      });
    }
    keepOnePrimary(elements, touched, attribute);
    container[attribute.name] = elements;
  }

  /** An attribute kept outside the document (`members`): turn the operation into member operations. */
  private applyExternal(op: PatchOpName, path: PatchPath, value: unknown): void {
    const { attribute, subAttribute } = path.ref;
    if (subAttribute) {
      throw ScimError.badRequest('invalidPath', `"${path.text}" names a sub-attribute of ${attribute.name}; add or remove whole ${attribute.name} instead.`);
    }
    if (path.valueFilter) {
      if (op !== 'remove') {
        throw ScimError.badRequest(
          'invalidPath',
          `"${path.text}": a filter on ${attribute.name} is only supported for remove; use add or replace without a filter.`,
        );
      }
      const ids = valueEqualities(path.valueFilter.filter);
      this.memberOps.push(ids ? { kind: 'remove', ids } : { kind: 'removeWhere', filter: path.valueFilter.filter });
      return;
    }
    if (op === 'remove') {
      if (value === undefined || value === null) {
        this.memberOps.push({ kind: 'removeAll' });
        return;
      }
      this.acceptRemovalByValue(path);
      const ids = normalizeMembers(value, this.rules).map((member) => member.value);
      if (ids.length > 0) this.memberOps.push({ kind: 'remove', ids });
      return;
    }
    const members = value === null ? [] : normalizeMembers(value, this.rules);
    if (op === 'replace') this.memberOps.push({ kind: 'replace', members });
    else if (members.length > 0) this.memberOps.push({ kind: 'add', members });
  }

  /**
   * An operation value in an IdP's shape (`["x"]` for a single value, a bare manager id, roles as
   * a JSON string) turned into the path's shape where the mode accepts it. A value filter without
   * a sub-attribute addresses one element, so it is reshaped as a single value.
   */
  private reshape(path: PatchPath, value: unknown): unknown {
    const { attribute, subAttribute } = path.ref;
    if (subAttribute) return reshapeValue(value, subAttribute, path.text, this.rules);
    if (path.valueFilter) return reshapeValue(value, { ...attribute, multiValued: false }, path.text, this.rules);
    return reshapeValue(value, attribute, path.text, this.rules);
  }

  /**
   * RFC 7644 §3.5.2.2 names what to remove by the path (`members[value eq "…"]`); a `value`
   * listing the items is Entra's way (`{"op":"Remove","path":"members","value":[{"value":"…"}]}`).
   */
  private acceptRemovalByValue(path: PatchPath): void {
    if (this.rules.acceptHabit('memberRemovalValueList', `remove "${path.text}" naming the items in "value"`)) return;
    throw invalidSyntax(`A remove takes no "value" (RFC 7644 §3.5.2.2); name the items in the path, e.g. "${path.ref.attribute.name}[value eq "…"]".`);
  }

  /** The object an attribute lives in: the document, or the extension's object under its URN key. */
  private container(ref: AttributeRef, create: boolean): JsonObject | undefined {
    if (!ref.isExtension) return this.document;
    const key = ref.documentKeys[0] as string;
    const existing = this.document[key];
    if (isPlainObject(existing)) return existing;
    if (!create) return undefined;
    const created: JsonObject = {};
    this.document[key] = created;
    return created;
  }

  /** Sets a key, or deletes it for an unassigned value, and drops an extension object left empty. */
  private setOrDelete(ref: AttributeRef, container: JsonObject, key: string, value: unknown): void {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete container[key];
    else container[key] = value;
    if (ref.isExtension && Object.keys(container).length === 0) {
      delete this.document[ref.documentKeys[0] as string];
      this.unlistExtension(ref.documentKeys[0] as string);
    }
  }

  /** The current value at a path without a filter, for comparing an echoed readOnly value. */
  private read(ref: AttributeRef): unknown {
    const container = this.container(ref, false);
    const value = container?.[ref.attribute.name];
    return ref.subAttribute ? (isPlainObject(value) ? value[ref.subAttribute.name] : undefined) : value;
  }
}

function isReadOnly(ref: AttributeRef): boolean {
  return ref.attribute.mutability === 'readOnly' || ref.subAttribute?.mutability === 'readOnly';
}

/** RFC 7644 §3.5.2.2: a required attribute that "is removed or becomes unassigned" is a `mutability` error. */
function assertRemovable(definition: AttributeDefinition, text: string): void {
  if (definition.required) throw ScimError.badRequest('mutability', `"${text}" is required and cannot be removed.`);
}

/** RFC 7643 §7: an immutable attribute may be set once, but not changed. */
function assertMutable(definition: AttributeDefinition, current: unknown, next: unknown, text: string): void {
  if (definition.mutability === 'immutable' && current !== undefined && current !== null && !isDeepStrictEqual(current, next)) {
    throw ScimError.badRequest('mutability', `"${text}" is immutable and already has a value.`);
  }
}

/**
 * RFC 7643 §2.4: at most one element has `primary: true`. When an element just written claims
 * it, the others give it up. Several written primaries stay as given, for the normaliser to report.
 */
function keepOnePrimary(elements: unknown[], touched: readonly unknown[], definition: AttributeDefinition): void {
  if (!definition.subAttributes?.some((sub) => sub.name === 'primary')) return;
  if (!touched.some((element) => isPlainObject(element) && isTrueish(element.primary))) return;
  elements.forEach((element, index) => {
    if (!touched.includes(element) && isPlainObject(element) && isTrueish(element.primary)) {
      elements[index] = { ...element, primary: false };
    }
  });
}

/** Entra sends booleans as "True"/"False" strings; the normaliser converts them later, but primary matters now. */
function isTrueish(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** The element an `eq`-only conjunction describes: `type eq "work" and primary eq true` → {type, primary}. */
function elementFromFilter(filter: Filter, parent: AttributeDefinition): JsonObject | undefined {
  if (filter.op === 'eq' && filter.compValue !== null) {
    const sub = findSubAttribute(parent, filter.attrPath);
    return sub ? { [sub.name]: filter.compValue } : undefined;
  }
  if (filter.op === 'and') {
    const parts = filter.filters.map((part) => elementFromFilter(part, parent));
    if (parts.some((part) => part === undefined)) return undefined;
    return Object.assign({}, ...parts) as JsonObject;
  }
  return undefined;
}

/** The ids of `value eq "a"` or `value eq "a" or value eq "b"`, else undefined (a general filter). */
function valueEqualities(filter: Filter): string[] | undefined {
  if (filter.op === 'eq') {
    return filter.attrPath.toLowerCase() === 'value' && typeof filter.compValue === 'string' ? [filter.compValue] : undefined;
  }
  if (filter.op === 'or') {
    const parts = filter.filters.map(valueEqualities);
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  }
  return undefined;
}

/**
 * Renames the keys of a complex value to the canonical sub-attribute names (`Value` → `value`),
 * so later operations and the stored document agree on them. Unknown keys stay as given for
 * the normaliser to judge.
 */
function canonicalKeys(value: unknown, definition: AttributeDefinition): unknown {
  if (definition.type !== 'complex') return value;
  if (Array.isArray(value)) return value.map((item) => canonicalKeys(item, definition));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [findSubAttribute(definition, key)?.name ?? key, item]));
}

/** Whether two elements of a multi-valued attribute are the same value: same `value`, or equal as a whole. */
function sameItem(a: unknown, b: unknown): boolean {
  if (isPlainObject(a) && isPlainObject(b) && a.value !== undefined && b.value !== undefined) {
    return isDeepStrictEqual(a.value, b.value);
  }
  return isDeepStrictEqual(a, b);
}

function appendDistinct(current: unknown, value: unknown): unknown[] {
  const list = [...elementsOf(current)];
  for (const item of listOf(value)) if (!list.some((existing) => sameItem(existing, item))) list.push(item);
  return list;
}

/** Equal, or both unassigned (absent, null, [] or {}: RFC 7643 §2.5). */
function sameState(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b) || (isUnassigned(a) && isUnassigned(b));
}

function isUnassigned(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

const invalidValue = (detail: string) => ScimError.badRequest('invalidValue', detail);
const invalidSyntax = (detail: string) => ScimError.badRequest('invalidSyntax', detail);
