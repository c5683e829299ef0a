import { Type, type TSchema } from 'typebox';
import { firstProblem, lazyValidator } from '../schema-problem';
import { isPlainObject } from '../../shared/json-values';
import {
  FAULT_CLIENTS,
  FAULT_LIES,
  FAULT_METHODS,
  FAULT_RESOURCE_TYPES,
  FAULT_SCIM_TYPES,
  MAX_FAULT_DELAY_MS,
  type FaultProblem,
  type FaultRuleInput,
  type FaultRulesFile,
} from '../../shared/faults';

/** A rule or rules file refused, with every problem found and where it is. */
export class FaultRuleError extends Error {
  constructor(readonly problems: FaultProblem[]) {
    super(
      problems.length === 1
        ? `The fault rule was not stored: ${problems[0]!.where ? `${problems[0]!.where}: ` : ''}${problems[0]!.message}`
        : `The fault rules were not stored: ${problems.length} problems, the first at ${problems[0]!.where || 'the top'}: ${problems[0]!.message}`,
    );
  }
}

const Delay = (what: string) =>
  Type.Integer({ minimum: 0, maximum: MAX_FAULT_DELAY_MS, description: `${what} is a whole number of milliseconds from 0 to ${MAX_FAULT_DELAY_MS}.` });
const ListOf = (values: readonly string[], what: string) => Type.Array(Type.Enum([...values]), { description: `${what} is a list of ${values.join(', ')}.` });

const MatchSchema = Type.Object(
  {
    methods: Type.Optional(ListOf(FAULT_METHODS, 'match.methods')),
    resourceTypes: Type.Optional(ListOf(FAULT_RESOURCE_TYPES, 'match.resourceTypes')),
    path: Type.Optional(
      Type.String({ pattern: '^/', maxLength: 1000, description: 'match.path is a path after the SCIM base URL starting with /, e.g. /Users/*.' }),
    ),
    filter: Type.Optional(
      Type.Object(
        {
          contains: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'match.filter.contains is the text the filter holds.' })),
          regex: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'match.filter.regex is a regular expression.' })),
        },
        { additionalProperties: false, description: 'match.filter is an object: { contains } or { regex }.' },
      ),
    ),
    clients: Type.Optional(ListOf(FAULT_CLIENTS, 'match.clients')),
    nth: Type.Optional(Type.Integer({ minimum: 1, description: 'match.nth is a whole number from 1 (the first matching request).' })),
    everyNth: Type.Optional(Type.Integer({ minimum: 1, description: 'match.everyNth is a whole number from 1.' })),
    probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'match.probability is a number from 0 to 1.' })),
    seed: Type.Optional(Type.Integer({ description: 'match.seed is a whole number.' })),
    window: Type.Optional(
      Type.Object(
        {
          from: Type.Optional(Type.String({ description: 'match.window.from is an ISO 8601 time.' })),
          to: Type.Optional(Type.String({ description: 'match.window.to is an ISO 8601 time.' })),
        },
        { additionalProperties: false, description: 'match.window is an object: { from, to } (ISO 8601 times, either may be left out).' },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, description: 'match.limit is a whole number from 1.' })),
  },
  { additionalProperties: false, description: 'match is an object of criteria.' },
);

const Status = Type.Integer({ minimum: 400, maximum: 599, description: 'action.status is an HTTP error status from 400 to 599.' });
const ScimType = Type.Enum([...FAULT_SCIM_TYPES], { description: `action.scimType is one of ${FAULT_SCIM_TYPES.join(', ')}.` });

/** Each action kind's shape; the kind is checked first, so a problem is said about the shape it names. */
const ACTION_SCHEMAS: Record<string, TSchema> = {
  status: Type.Object(
    {
      kind: Type.Literal('status'),
      status: Status,
      scimType: Type.Optional(ScimType),
      detail: Type.Optional(Type.String({ maxLength: 4096, description: 'action.detail is text.' })),
      retryAfterSeconds: Type.Optional(
        Type.Integer({ minimum: 0, maximum: 86_400, description: 'action.retryAfterSeconds is a whole number of seconds from 0 to 86400.' }),
      ),
    },
    { additionalProperties: false },
  ),
  latency: Type.Object({ kind: Type.Literal('latency'), ms: Delay('action.ms') }, { additionalProperties: false }),
  timeout: Type.Object({ kind: Type.Literal('timeout'), ms: Type.Optional(Delay('action.ms')) }, { additionalProperties: false }),
  drop: Type.Object({ kind: Type.Literal('drop') }, { additionalProperties: false }),
  lie: Type.Object(
    {
      kind: Type.Literal('lie'),
      lie: Type.Enum([...FAULT_LIES], { description: `action.lie is one of ${FAULT_LIES.join(', ')}.` }),
      value: Type.Optional(
        Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1, maxLength: 200 })], { description: 'action.value is a whole number or a text.' }),
      ),
    },
    { additionalProperties: false },
  ),
  breakpoint: Type.Object(
    {
      kind: Type.Literal('breakpoint'),
      stage: Type.Enum(['request', 'response'], { description: 'action.stage is request or response.' }),
      timeoutMs: Type.Optional(
        Type.Integer({
          minimum: 1000,
          maximum: MAX_FAULT_DELAY_MS,
          description: `action.timeoutMs is a whole number of milliseconds from 1000 to ${MAX_FAULT_DELAY_MS}.`,
        }),
      ),
    },
    { additionalProperties: false },
  ),
};

const RuleOutline = Type.Object(
  {
    name: Type.String({ pattern: '\\S', maxLength: 200, description: 'name is a text naming the rule (up to 200 characters).' }),
    enabled: Type.Optional(Type.Boolean({ description: 'enabled is true or false.' })),
    match: Type.Optional(Type.Unknown()),
    action: Type.Unknown(),
  },
  { additionalProperties: false, description: 'A rule is an object: { name, enabled?, match?, action }.' },
);

const checkers = new Map<TSchema, ReturnType<typeof lazyValidator>>();
function checkShape(schema: TSchema, input: unknown, where: string[], problems: FaultProblem[]): boolean {
  let validatorOf = checkers.get(schema);
  if (!validatorOf) checkers.set(schema, (validatorOf = lazyValidator(schema)));
  const validator = validatorOf();
  if (validator.Check(input)) return true;
  const problem = firstProblem(schema, validator.Errors(input), input);
  const at = [...where, ...problem.steps];
  const node = problem.schema;
  let message: string;
  if (problem.unknownKey !== undefined) message = `unknown key "${problem.unknownKey}"; known: ${Object.keys(node?.properties ?? {}).join(', ')}.`;
  else if (problem.missingKey !== undefined) message = `${problem.missingKey} is missing.`;
  else message = `${node?.description ?? problem.message}; got ${JSON.stringify(problem.value)}.`;
  problems.push({ where: [...at, ...(problem.missingKey ? [problem.missingKey] : [])].join('.'), message });
  return false;
}

/** Every problem of one rule, where each path starts with `prefix` (`rules.2`); empty when it is good. */
export function ruleProblems(input: unknown, prefix: string[] = []): FaultProblem[] {
  const problems: FaultProblem[] = [];
  if (!checkShape(RuleOutline, input, prefix, problems)) {
    if (!isPlainObject(input)) return problems;
  }
  const rule = input as Record<string, unknown>;
  if (rule.match !== undefined && checkShape(MatchSchema, rule.match, [...prefix, 'match'], problems))
    matchProblems(rule.match as Record<string, unknown>, [...prefix, 'match'], problems);
  const action = rule.action;
  if (action === undefined) return problems;
  const kind = isPlainObject(action) ? action.kind : undefined;
  const schema = typeof kind === 'string' ? ACTION_SCHEMAS[kind] : undefined;
  if (!schema) {
    problems.push({
      where: [...prefix, 'action', 'kind'].join('.'),
      message: `action.kind is one of ${Object.keys(ACTION_SCHEMAS).join(', ')}; got ${JSON.stringify(kind)}.`,
    });
    return problems;
  }
  if (checkShape(schema, action, [...prefix, 'action'], problems)) actionProblems(action as Record<string, unknown>, [...prefix, 'action'], problems);
  return problems;
}

/** What a shape cannot say: regular expressions that compile, times that parse, criteria that can hold together. */
function matchProblems(match: Record<string, unknown>, where: string[], problems: FaultProblem[]): void {
  const say = (key: string, message: string) => problems.push({ where: [...where, key].join('.'), message });
  const filter = match.filter as { contains?: string; regex?: string } | undefined;
  if (filter && filter.contains === undefined && filter.regex === undefined) say('filter', 'match.filter needs contains or regex.');
  if (filter?.regex !== undefined) {
    try {
      new RegExp(filter.regex, 'i');
    } catch (error) {
      say('filter.regex', `match.filter.regex is not a regular expression: ${(error as Error).message}.`);
    }
  }
  const window = match.window as { from?: string; to?: string } | undefined;
  for (const end of ['from', 'to'] as const) {
    const value = window?.[end];
    if (value !== undefined && Number.isNaN(Date.parse(value)))
      say(`window.${end}`, `match.window.${end} is an ISO 8601 time such as 2026-12-03T10:00:00Z; got ${JSON.stringify(value)}.`);
  }
  if (window?.from && window.to && Date.parse(window.from) > Date.parse(window.to))
    say('window', 'match.window.from comes after match.window.to: the window is empty.');
  if (match.nth !== undefined && match.everyNth !== undefined) say('nth', 'match.nth and match.everyNth cannot both be set: pick one.');
  for (const key of ['methods', 'resourceTypes', 'clients'] as const) {
    const list = match[key] as unknown[] | undefined;
    if (list?.length === 0) say(key, `match.${key} is empty, so the rule would never match: leave it out to match any.`);
  }
}

function actionProblems(action: Record<string, unknown>, where: string[], problems: FaultProblem[]): void {
  const say = (key: string, message: string) => problems.push({ where: [...where, key].join('.'), message });
  if (action.kind === 'status' && action.retryAfterSeconds !== undefined && action.status !== 429 && action.status !== 503)
    say('retryAfterSeconds', 'action.retryAfterSeconds goes with a 429 or 503 only (RFC 6585 §4, RFC 9110 §10.2.3).');
  if (action.kind === 'lie') {
    const numeric = action.lie === 'totalResults' || action.lie === 'itemsPerPage' || action.lie === 'duplicatePages';
    if (action.value !== undefined && numeric && typeof action.value !== 'number')
      say('value', `action.value of the ${String(action.lie)} lie is a whole number; got ${JSON.stringify(action.value)}.`);
    if (action.value !== undefined && action.lie === 'contentType' && typeof action.value !== 'string')
      say('value', 'action.value of the contentType lie is a media type such as text/html.');
    if (action.value !== undefined && (action.lie === 'missingId' || action.lie === 'emptyCreatedBody'))
      say('value', `the ${String(action.lie)} lie takes no value.`);
    if (action.lie === 'contentType' && typeof action.value === 'string' && !/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(\s*;.*)?$/.test(action.value))
      say('value', `action.value is a media type such as text/html; got ${JSON.stringify(action.value)}.`);
  }
}

/** A rule that checks out, as its input type; else FaultRuleError with every problem. */
export function checkRule(input: unknown): FaultRuleInput {
  const problems = ruleProblems(input);
  if (problems.length > 0) throw new FaultRuleError(problems);
  return input as FaultRuleInput;
}

/** A rules file that checks out; else FaultRuleError with every problem, each rule's named by its place (`rules.3.action.status`). */
export function checkRulesFile(input: unknown): FaultRulesFile {
  const problems: FaultProblem[] = [];
  if (!isPlainObject(input))
    throw new FaultRuleError([{ where: '', message: 'A fault rules file is a JSON object: { "scimWorkbenchFaults": 1, "rules": [ … ] }.' }]);
  for (const key of Object.keys(input)) {
    if (!['scimWorkbenchFaults', 'workspace', 'rules'].includes(key))
      problems.push({ where: key, message: `unknown key "${key}"; known: scimWorkbenchFaults, workspace, rules.` });
  }
  if (input.scimWorkbenchFaults !== 1)
    problems.push({
      where: 'scimWorkbenchFaults',
      message: `scimWorkbenchFaults is 1 (this is how the workbench knows a rules file); got ${JSON.stringify(input.scimWorkbenchFaults)}.`,
    });
  if (input.workspace !== undefined && typeof input.workspace !== 'string') problems.push({ where: 'workspace', message: 'workspace is a workspace name.' });
  if (!Array.isArray(input.rules)) problems.push({ where: 'rules', message: `rules is a list of rules; got ${JSON.stringify(input.rules)}.` });
  else input.rules.forEach((rule, index) => problems.push(...ruleProblems(rule, ['rules', String(index)])));
  if (problems.length > 0) throw new FaultRuleError(problems);
  return input as unknown as FaultRulesFile;
}
