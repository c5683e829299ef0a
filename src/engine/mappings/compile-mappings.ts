import type { AttributeRule, AttributeTransform, GroupRule, MappingProblem, WorkspaceMappings } from '../../shared/mappings';
import type { ResourceSchemas } from '../scim/schemas/types';
import { compileScimPath, explainScimPath, type PathReader } from './scim-path-reader';
import { isPlainObject } from '../../shared/json-values';

/** A checked attribute rule, ready to evaluate. */
export interface CompiledAttributeRule {
  rule: AttributeRule;
  /** Reads the rule's value (its path, or its template rendered). */
  read(document: Record<string, unknown>): string | undefined;
  /** The SCIM paths it reads, for "attributes no rule uses". */
  paths: string[];
}

export interface CompiledMappings {
  mappings: WorkspaceMappings;
  attributes: CompiledAttributeRule[];
}

const DEACTIVATE = ['nothing', 'suspend', 'remove-user', 'remove-role'] as const;
const REACTIVATE = ['restore', 'leave'] as const;
const DELETE = ['remove-user', 'suspend'] as const;
/** `{path}` in a template; a fresh global regex per use, since a shared one keeps its lastIndex between calls. */
const placeholders = () => /\{([^{}]+)\}/g;

/**
 * Checks a mappings document (from the editor, a mapping file or the store) against the
 * workspace's User schemas and compiles it. Every problem is listed with where it is, so the
 * editor can mark each field; nothing with a problem is ever stored.
 */
export function compileMappings(input: unknown, schemas: ResourceSchemas): { compiled?: CompiledMappings; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const problem = (where: string, message: string) => problems.push({ where, message });
  if (!isPlainObject(input))
    return { problems: [{ where: '', message: 'Mappings must be a JSON object with attributes, groups, unmappedGroups and lifecycle.' }] };
  const known = new Set(['attributes', 'groups', 'unmappedGroups', 'defaultRole', 'lifecycle']);
  for (const key of Object.keys(input)) if (!known.has(key)) problem(key, `Unknown key "${key}"; known: ${[...known].join(', ')}.`);

  const attributes: CompiledAttributeRule[] = [];
  const rules = input.attributes ?? [];
  if (!Array.isArray(rules)) problem('attributes', 'attributes must be a list of rules.');
  else {
    const fields = new Map<string, number>();
    rules.forEach((rule, index) => {
      const compiled = compileAttributeRule(rule, `attributes[${index}]`, schemas, problem);
      if (!compiled) return;
      const key = compiled.rule.appField.toLowerCase();
      if (fields.has(key))
        problem(`attributes[${index}].appField`, `The app field "${compiled.rule.appField}" already has a rule (attributes[${fields.get(key)}]).`);
      else fields.set(key, index);
      attributes.push(compiled);
    });
  }

  const groups: GroupRule[] = [];
  const groupRules = input.groups ?? [];
  if (!Array.isArray(groupRules)) problem('groups', 'groups must be a list of rules.');
  else {
    groupRules.forEach((rule, index) => {
      const where = `groups[${index}]`;
      if (!isPlainObject(rule)) return problem(where, 'A group rule is an object: { idpGroup, matchBy, appRole }.');
      const matchBy = rule.matchBy ?? 'displayName';
      if (typeof rule.idpGroup !== 'string' || rule.idpGroup.trim() === '') problem(`${where}.idpGroup`, 'Name the IdP group (its displayName or externalId).');
      if (matchBy !== 'displayName' && matchBy !== 'externalId') problem(`${where}.matchBy`, 'matchBy is displayName or externalId.');
      if (typeof rule.appRole !== 'string' || rule.appRole.trim() === '') problem(`${where}.appRole`, 'Name the app role the group becomes.');
      if (typeof rule.idpGroup === 'string' && typeof rule.appRole === 'string' && (matchBy === 'displayName' || matchBy === 'externalId')) {
        groups.push({ idpGroup: rule.idpGroup.trim(), matchBy, appRole: rule.appRole.trim() });
      }
    });
  }

  const unmappedGroups = input.unmappedGroups ?? 'create';
  if (unmappedGroups !== 'create' && unmappedGroups !== 'ignore') problem('unmappedGroups', 'unmappedGroups is create or ignore.');
  const defaultRole = input.defaultRole;
  if (defaultRole !== undefined && defaultRole !== null && typeof defaultRole !== 'string') problem('defaultRole', 'defaultRole is a role name.');

  const lifecycle = isPlainObject(input.lifecycle) ? input.lifecycle : {};
  if (input.lifecycle !== undefined && !isPlainObject(input.lifecycle))
    problem('lifecycle', 'lifecycle is an object: { onDeactivate, onReactivate, onDelete }.');
  const onDeactivate = oneOf(lifecycle.onDeactivate ?? 'suspend', DEACTIVATE, 'lifecycle.onDeactivate', problem);
  const onReactivate = oneOf(lifecycle.onReactivate ?? 'restore', REACTIVATE, 'lifecycle.onReactivate', problem);
  const onDelete = oneOf(lifecycle.onDelete ?? 'remove-user', DELETE, 'lifecycle.onDelete', problem);

  if (problems.length > 0) return { problems };
  const mappings: WorkspaceMappings = {
    attributes: attributes.map((compiled) => compiled.rule),
    groups,
    unmappedGroups: unmappedGroups as WorkspaceMappings['unmappedGroups'],
    ...(typeof defaultRole === 'string' && defaultRole.trim() !== '' && { defaultRole: defaultRole.trim() }),
    lifecycle: { onDeactivate: onDeactivate!, onReactivate: onReactivate!, onDelete: onDelete! },
  };
  return { compiled: { mappings, attributes }, problems };
}

function compileAttributeRule(
  input: unknown,
  where: string,
  schemas: ResourceSchemas,
  problem: (where: string, message: string) => void,
): CompiledAttributeRule | undefined {
  if (!isPlainObject(input)) return void problem(where, 'A rule is an object: { scimPath, appField, required?, transform? }.');
  let failed = false;
  const fail = (at: string, message: string) => {
    failed = true;
    problem(at, message);
  };
  if (typeof input.appField !== 'string' || input.appField.trim() === '') fail(`${where}.appField`, 'Name the app field this rule fills.');
  const transform = isPlainObject(input.transform) ? (input.transform as AttributeTransform) : undefined;
  if (input.transform !== undefined && !transform) fail(`${where}.transform`, 'transform is an object: { template?, valueMap?, case?, default? }.');
  const template = transform?.template;
  const scimPath = typeof input.scimPath === 'string' && input.scimPath.trim() !== '' ? input.scimPath.trim() : undefined;
  if (input.scimPath !== undefined && typeof input.scimPath !== 'string') fail(`${where}.scimPath`, 'scimPath is a SCIM path like name.givenName.');
  if (!scimPath && !template) fail(`${where}.scimPath`, 'Give a SCIM path (or a template).');

  const readers = new Map<string, PathReader>();
  const compilePath = (path: string, at: string) => {
    const reason = explainScimPath(path, schemas);
    if (reason) return fail(at, reason);
    readers.set(path, compileScimPath(path, schemas));
  };
  if (scimPath && !template) compilePath(scimPath, `${where}.scimPath`);
  if (template !== undefined) {
    if (typeof template !== 'string' || !placeholders().test(template))
      fail(`${where}.transform.template`, 'A template joins SCIM paths in braces, e.g. "{name.givenName} {name.familyName}".');
    else for (const [, path] of template.matchAll(placeholders())) compilePath(path!.trim(), `${where}.transform.template`);
  }
  if (transform?.case !== undefined && transform.case !== 'lower' && transform.case !== 'upper') fail(`${where}.transform.case`, 'case is lower or upper.');
  if (transform?.default !== undefined && typeof transform.default !== 'string') fail(`${where}.transform.default`, 'default is a text value.');
  if (
    transform?.valueMap !== undefined &&
    (!isPlainObject(transform.valueMap) || Object.values(transform.valueMap).some((value) => typeof value !== 'string'))
  ) {
    fail(`${where}.transform.valueMap`, 'valueMap maps IdP values to app values, both text: {"Engineering": "ENG"}.');
  }
  if (input.required !== undefined && typeof input.required !== 'boolean') fail(`${where}.required`, 'required is true or false.');
  if (failed) return undefined;

  const rule: AttributeRule = {
    ...(scimPath && { scimPath }),
    appField: (input.appField as string).trim(),
    ...(input.required === true && { required: true }),
    ...(transform && Object.keys(transform).length > 0 && { transform: cleanTransform(transform) }),
  };
  const read = (document: Record<string, unknown>): string | undefined => {
    let value: string | undefined;
    if (template) {
      const rendered = template
        .replace(placeholders(), (_, path: string) => text(readers.get(path.trim())!(document)) ?? '')
        .replace(/\s+/g, ' ')
        .trim();
      value = rendered === '' ? undefined : rendered;
    } else value = text(readers.get(scimPath!)!(document));
    if (value !== undefined && transform?.valueMap && Object.hasOwn(transform.valueMap, value)) value = transform.valueMap[value];
    if (value !== undefined && transform?.case === 'lower') value = value.toLowerCase();
    if (value !== undefined && transform?.case === 'upper') value = value.toUpperCase();
    if ((value === undefined || value === '') && transform?.default !== undefined) value = transform.default;
    return value === '' ? undefined : value;
  };
  return { rule, read, paths: [...readers.keys()] };
}

function cleanTransform(transform: AttributeTransform): AttributeTransform {
  return {
    ...(transform.template && { template: transform.template }),
    ...(transform.valueMap && Object.keys(transform.valueMap).length > 0 && { valueMap: transform.valueMap }),
    ...(transform.case && { case: transform.case }),
    ...(transform.default !== undefined && transform.default !== '' && { default: transform.default }),
  };
}

/** An app field holds text: numbers and booleans are written as JSON would, objects are not a value. */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, problem: (where: string, message: string) => void): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problem(where, `${where} is one of ${allowed.join(', ')}.`);
  return undefined;
}
