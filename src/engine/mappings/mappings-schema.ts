import { Type, type Static, type TSchema } from 'typebox';
import { lazyValidator } from '../schema-problem';
import { isPlainObject } from '../../shared/json-values';
import type { MappingProblem } from '../../shared/mappings';

export const DEACTIVATE = ['nothing', 'suspend', 'remove-user', 'remove-role'] as const;
export const REACTIVATE = ['restore', 'leave'] as const;
export const DELETE = ['remove-user', 'suspend'] as const;

/** Text with something besides spaces in it (a name a user must give). */
const Named = (description: string) => Type.String({ pattern: '\\S', description });
const Choice = <const Values extends string[]>(values: readonly [...Values], where: string) =>
  Type.Enum(values, { description: `${where} is one of ${values.join(', ')}.` });

/**
 * The shape of a mappings document (shared/mappings.ts says what each part means). Each
 * `description` is the problem the editor shows beside the field when its value does not fit;
 * compile-mappings.ts then checks what a shape cannot say (SCIM paths, templates' paths, duplicates).
 */
const AttributeRuleSchema = Type.Object(
  {
    scimPath: Type.Optional(Type.String({ description: 'scimPath is a SCIM path like name.givenName.' })),
    appField: Named('Name the app field this rule fills.'),
    required: Type.Optional(Type.Boolean({ description: 'required is true or false.' })),
    transform: Type.Optional(
      Type.Object(
        {
          template: Type.Optional(
            Type.String({ pattern: '\\{[^{}]+\\}', description: 'A template joins SCIM paths in braces, e.g. "{name.givenName} {name.familyName}".' }),
          ),
          valueMap: Type.Optional(
            Type.Record(Type.String(), Type.String(), { description: 'valueMap maps IdP values to app values, both text: {"Engineering": "ENG"}.' }),
          ),
          case: Type.Optional(Type.Enum(['lower', 'upper'], { description: 'case is lower or upper.' })),
          default: Type.Optional(Type.String({ description: 'default is a text value.' })),
        },
        { additionalProperties: false, description: 'transform is an object: { template?, valueMap?, case?, default? }.' },
      ),
    ),
  },
  // Unknown keys are refused at every depth: a misspelt one (`trasform`, `matchby`) would otherwise be dropped and its default used.
  { additionalProperties: false, description: 'A rule is an object: { scimPath, appField, required?, transform? }.' },
);

const GroupRuleSchema = Type.Object(
  {
    idpGroup: Named('Name the IdP group (its displayName or externalId).'),
    matchBy: Type.Optional(Type.Enum(['displayName', 'externalId'], { description: 'matchBy is displayName or externalId.' })),
    appRole: Named('Name the app role the group becomes.'),
  },
  { additionalProperties: false, description: 'A group rule is an object: { idpGroup, matchBy, appRole }.' },
);

const LifecycleSchema = Type.Object(
  {
    onDeactivate: Type.Optional(Choice(DEACTIVATE, 'lifecycle.onDeactivate')),
    onReactivate: Type.Optional(Choice(REACTIVATE, 'lifecycle.onReactivate')),
    onDelete: Type.Optional(Choice(DELETE, 'lifecycle.onDelete')),
  },
  { additionalProperties: false, description: 'lifecycle is an object: { onDeactivate, onReactivate, onDelete }.' },
);

/** The document around its rules and lifecycle (those are checked one by one: see shapeProblems). */
const documentSchema = <Rule extends TSchema, Group extends TSchema, Lifecycle extends TSchema>(rule: Rule, group: Group, lifecycle: Lifecycle) =>
  Type.Object(
    {
      attributes: Type.Optional(Type.Array(rule, { description: 'attributes must be a list of rules.' })),
      groups: Type.Optional(Type.Array(group, { description: 'groups must be a list of rules.' })),
      unmappedGroups: Type.Optional(Type.Enum(['create', 'ignore'], { description: 'unmappedGroups is create or ignore.' })),
      defaultRole: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'defaultRole is a role name.' })),
      lifecycle: Type.Optional(lifecycle),
    },
    { additionalProperties: false, description: 'Mappings must be a JSON object with attributes, groups, unmappedGroups and lifecycle.' },
  );

const MappingsSchema = documentSchema(AttributeRuleSchema, GroupRuleSchema, LifecycleSchema);
export const MAPPINGS_KEYS = Object.keys(MappingsSchema.properties);
export type MappingsInput = Static<typeof MappingsSchema>;
export type AttributeRuleInput = Static<typeof AttributeRuleSchema>;

/**
 * TypeBox gathers at most 8 errors per check (its maxErrors, a guard against huge diagnostics), so
 * the document is checked in parts, each with few enough fields for every problem in it to be listed.
 */
const OUTLINE = checker(documentSchema(Type.Unknown(), Type.Unknown(), Type.Unknown()));
const RULE = checker(AttributeRuleSchema);
const GROUP = checker(GroupRuleSchema);
const LIFECYCLE = checker(LifecycleSchema);

interface Node {
  description?: string;
  properties?: Record<string, Node>;
  items?: Node;
}

/** Every place the document does not fit its shape, once each, with the words of that place's schema. */
export function shapeProblems(input: unknown): MappingProblem[] {
  const problems = new Map<string, string>();
  OUTLINE(input, [], problems);
  if (!isPlainObject(input)) return toList(problems);
  const { attributes, groups, lifecycle } = input;
  if (Array.isArray(attributes)) attributes.forEach((rule, index) => RULE(rule, ['attributes', String(index)], problems));
  if (Array.isArray(groups)) groups.forEach((rule, index) => GROUP(rule, ['groups', String(index)], problems));
  if (lifecycle !== undefined) LIFECYCLE(lifecycle, ['lifecycle'], problems);
  return toList(problems);
}

const toList = (problems: Map<string, string>): MappingProblem[] => [...problems].map(([at, message]) => ({ where: at, message }));

function checker(schema: TSchema) {
  const validatorOf = lazyValidator(schema);
  return (input: unknown, prefix: string[], problems: Map<string, string>): void => {
    const validator = validatorOf();
    if (validator.Check(input)) return;
    for (const error of validator.Errors(input)) {
      if (error.keyword === 'boolean') continue; // an unknown key's own error; the object's `additionalProperties` one names it
      const steps = error.instancePath.split('/').slice(1);
      const nodes = [schema as Node];
      for (const step of steps) nodes.push(nodes.at(-1)?.properties?.[step] ?? nodes.at(-1)?.items ?? {});
      const say = (at: string[], message: string) => void (problems.has(where(at)) || problems.set(where(at), message));
      if (error.keyword === 'additionalProperties') {
        for (const key of (error.params as { additionalProperties: string[] }).additionalProperties)
          say([...prefix, ...steps, key], `Unknown key "${key}"; known: ${Object.keys(nodes.at(-1)?.properties ?? {}).join(', ')}.`);
      } else if (error.keyword === 'required') {
        for (const key of (error.params as { requiredProperties: string[] }).requiredProperties)
          say([...prefix, ...steps, key], nodes.at(-1)?.properties?.[key]?.description ?? error.message);
      } else {
        // The deepest place whose schema says what it takes (a valueMap's entry is said as the valueMap).
        let depth = steps.length;
        while (depth > 0 && !nodes[depth]?.description) depth -= 1;
        say([...prefix, ...steps.slice(0, depth)], nodes[depth]?.description ?? error.message);
      }
    }
  };
}

/** `attributes[2].transform.case`, as the editor marks fields. */
const where = (steps: string[]) => steps.map((step, index) => (/^\d+$/.test(step) ? `[${step}]` : index === 0 ? step : `.${step}`)).join('');
