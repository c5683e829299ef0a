import type { AttributeRule, AttributeTransform, MappingProblem, WorkspaceMappings } from '../../shared/mappings';
import type { ResourceSchemas } from '../scim/schemas/types';
import { compileScimPath, explainScimPath, type PathReader } from './scim-path-reader';
import { isPlainObject } from '../../shared/json-values';
import { MAPPINGS_KEYS, shapeProblems, type AttributeRuleInput, type MappingsInput } from './mappings-schema';

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

/** `{path}` in a template; a fresh global regex per use, since a shared one keeps its lastIndex between calls. */
const placeholders = () => /\{([^{}]+)\}/g;

/**
 * Checks a mappings document (from the editor, a mapping file or the store) against the
 * workspace's User schemas and compiles it. Every problem is listed with where it is, so the
 * editor can mark each field; nothing with a problem is ever stored.
 */
export function compileMappings(input: unknown, schemas: ResourceSchemas): { compiled?: CompiledMappings; problems: MappingProblem[] } {
  const shape = shapeProblems(input);
  if (!isPlainObject(input)) return { problems: shape };
  const document = input as MappingsInput;
  const problems: MappingProblem[] = [];
  const problem = (where: string, message: string) => problems.push({ where, message });
  const fits = (where: string) => !shape.some((each) => each.where === where || each.where.startsWith(`${where}.`) || each.where.startsWith(`${where}[`));

  // What a shape cannot say: the paths a rule reads, and app fields given two rules.
  const attributes: CompiledAttributeRule[] = [];
  const fields = new Map<string, number>();
  (shape.some((each) => each.where === 'attributes') ? [] : (document.attributes ?? [])).forEach((rule, index) => {
    if (!fits(`attributes[${index}]`)) return;
    const compiled = compileAttributeRule(rule, `attributes[${index}]`, schemas, problem);
    if (!compiled) return;
    const key = compiled.rule.appField.toLowerCase();
    if (fields.has(key))
      problem(`attributes[${index}].appField`, `The app field "${compiled.rule.appField}" already has a rule (attributes[${fields.get(key)}]).`);
    else fields.set(key, index);
    attributes.push(compiled);
  });

  // Rules are tried in order and the first that matches wins: a second rule for the same IdP group would never apply.
  const groupRules = new Map<string, number>();
  (Array.isArray(document.groups) ? document.groups : []).forEach((rule, index) => {
    if (!fits(`groups[${index}]`) || typeof rule?.idpGroup !== 'string') return;
    const byExternalId = rule.matchBy === 'externalId';
    const name = rule.idpGroup.trim();
    const key = byExternalId ? `externalId\u0000${name}` : `displayName\u0000${name.toLowerCase()}`;
    const first = groupRules.get(key);
    if (first === undefined) groupRules.set(key, index);
    else problem(`groups[${index}].idpGroup`, `IdP group "${name}" already has a rule (groups[${first}]): the first would win, and this one never apply.`);
  });

  const all = inDocumentOrder([...shape, ...problems]);
  if (all.length > 0) return { problems: all };
  const { defaultRole, lifecycle } = document;
  const mappings: WorkspaceMappings = {
    attributes: attributes.map((compiled) => compiled.rule),
    groups: (document.groups ?? []).map((rule) => ({ idpGroup: rule.idpGroup.trim(), matchBy: rule.matchBy ?? 'displayName', appRole: rule.appRole.trim() })),
    unmappedGroups: document.unmappedGroups ?? 'create',
    ...(typeof defaultRole === 'string' && defaultRole.trim() !== '' && { defaultRole: defaultRole.trim() }),
    lifecycle: {
      onDeactivate: lifecycle?.onDeactivate ?? 'suspend',
      onReactivate: lifecycle?.onReactivate ?? 'restore',
      onDelete: lifecycle?.onDelete ?? 'remove-user',
    },
  };
  return { compiled: { mappings, attributes }, problems: [] };
}

/** The problems as the document has its parts (unknown keys first), each rule's in the order they were found. */
function inDocumentOrder(problems: MappingProblem[]): MappingProblem[] {
  const parts = MAPPINGS_KEYS;
  const rank = ({ where }: MappingProblem) => {
    const part = parts.indexOf(/^[^.[]*/.exec(where)![0]);
    return [part, Number(/^\w+\[(\d+)\]/.exec(where)?.[1] ?? -1)] as const;
  };
  return problems
    .map((problem, order) => ({ problem, order, key: rank(problem) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.order - b.order)
    .map(({ problem }) => problem);
}

/** A rule of the right shape, its paths checked against the workspace's schemas and compiled. */
function compileAttributeRule(
  input: AttributeRuleInput,
  where: string,
  schemas: ResourceSchemas,
  problem: (where: string, message: string) => void,
): CompiledAttributeRule | undefined {
  let failed = false;
  const fail = (at: string, message: string) => {
    failed = true;
    problem(at, message);
  };
  const transform: AttributeTransform | undefined = input.transform;
  const template = transform?.template;
  const scimPath = input.scimPath?.trim() || undefined;
  if (!scimPath && !template) fail(`${where}.scimPath`, 'Give a SCIM path (or a template).');

  const readers = new Map<string, PathReader>();
  const compilePath = (path: string, at: string) => {
    const reason = explainScimPath(path, schemas);
    if (reason) return fail(at, reason);
    readers.set(path, compileScimPath(path, schemas));
  };
  if (scimPath && !template) compilePath(scimPath, `${where}.scimPath`);
  if (template !== undefined) for (const [, path] of template.matchAll(placeholders())) compilePath(path!.trim(), `${where}.transform.template`);
  if (failed) return undefined;

  const rule: AttributeRule = {
    ...(scimPath && { scimPath }),
    appField: input.appField.trim(),
    ...(input.required === true && { required: true }),
    ...(transform && Object.keys(transform).length > 0 && { transform: cleanTransform(transform) }),
  };
  const read = (document: Record<string, unknown>): string | undefined => {
    let value: string | undefined;
    if (template) {
      let filled = false;
      const rendered = template
        .replace(placeholders(), (_, path: string) => {
          const part = text(readers.get(path.trim())!(document)) ?? '';
          if (part !== '') filled = true;
          return part;
        })
        .replace(/\s+/g, ' ')
        .trim();
      // Only the template's own text ("()" of "{givenName} ({title})") is no value: the default and `required` see it as missing.
      value = filled ? rendered : undefined;
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
