import type {
  BreakpointStage,
  FaultAction,
  FaultActionKind,
  FaultClient,
  FaultLie,
  FaultMatch,
  FaultMethod,
  FaultProblem,
  FaultResourceType,
  FaultRuleInput,
  FaultScimType,
} from '../../../shared/faults';
import { FAULT_SCIM_TYPES, MAX_FAULT_DELAY_MS } from '../../../shared/faults';

/**
 * The Faults view's rule form, every field as its input holds it (text for numbers, so a half-typed
 * value is kept as typed). Times are `datetime-local` values (local time, no zone); the probability
 * is a percentage; the timeout and breakpoint holds are seconds. ruleFromForm turns it into the
 * FaultRuleInput the admin API takes, or says what is wrong and where.
 */
export interface RuleForm {
  name: string;
  enabled: boolean;
  methods: FaultMethod[];
  resourceTypes: FaultResourceType[];
  clients: FaultClient[];
  path: string;
  filterMode: 'contains' | 'regex';
  filterText: string;
  nth: string;
  everyNth: string;
  probabilityPercent: string;
  seed: string;
  windowFrom: string;
  windowTo: string;
  limit: string;
  action: FaultActionKind;
  status: string;
  scimType: FaultScimType | '';
  detail: string;
  retryAfterSeconds: string;
  latencyMs: string;
  timeoutSeconds: string;
  lie: FaultLie;
  lieValue: string;
  stage: BreakpointStage;
  breakpointSeconds: string;
}

/** The form's field a problem belongs beside (the engine's `where`, e.g. `match.nth`, is mapped to it). */
export type RuleField = keyof RuleForm | 'form';

export const emptyRuleForm = (): RuleForm => ({
  name: '',
  enabled: true,
  methods: [],
  resourceTypes: [],
  clients: [],
  path: '',
  filterMode: 'contains',
  filterText: '',
  nth: '',
  everyNth: '',
  probabilityPercent: '',
  seed: '',
  windowFrom: '',
  windowTo: '',
  limit: '',
  action: 'status',
  status: '503',
  scimType: '',
  detail: '',
  retryAfterSeconds: '',
  latencyMs: '',
  timeoutSeconds: '',
  lie: 'totalResults',
  lieValue: '',
  stage: 'request',
  breakpointSeconds: '',
});

const text = (value: number | undefined) => (value === undefined ? '' : String(value));
/** ms → seconds as typed: 25000 → "25", 1500 → "1.5". */
const seconds = (ms: number | undefined) => (ms === undefined ? '' : String(ms / 1000));

/** A `datetime-local` value (local time, to the second) for an ISO instant; '' for none. */
export function localInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The form for an existing rule or a preset's rule. */
export function formFromRule(rule: FaultRuleInput): RuleForm {
  const match = rule.match ?? {};
  const action = rule.action;
  const form: RuleForm = {
    ...emptyRuleForm(),
    name: rule.name,
    enabled: rule.enabled ?? true,
    methods: [...(match.methods ?? [])],
    resourceTypes: [...(match.resourceTypes ?? [])],
    clients: [...(match.clients ?? [])],
    path: match.path ?? '',
    filterMode: match.filter?.regex !== undefined ? 'regex' : 'contains',
    filterText: match.filter?.regex ?? match.filter?.contains ?? '',
    nth: text(match.nth),
    everyNth: text(match.everyNth),
    probabilityPercent: match.probability === undefined ? '' : String(Number((match.probability * 100).toFixed(6))),
    seed: text(match.seed),
    windowFrom: localInput(match.window?.from),
    windowTo: localInput(match.window?.to),
    limit: text(match.limit),
    action: action.kind,
  };
  switch (action.kind) {
    case 'status':
      return {
        ...form,
        status: String(action.status),
        scimType: action.scimType ?? '',
        detail: action.detail ?? '',
        retryAfterSeconds: text(action.retryAfterSeconds),
      };
    case 'latency':
      return { ...form, latencyMs: String(action.ms) };
    case 'timeout':
      return { ...form, timeoutSeconds: seconds(action.ms) };
    case 'lie':
      return { ...form, lie: action.lie, lieValue: text(action.value as number | undefined) };
    case 'breakpoint':
      return { ...form, stage: action.stage, breakpointSeconds: seconds(action.timeoutMs) };
    default:
      return form;
  }
}

/** Lies whose value is a number (the rest, Content-Type, is text; missingId and emptyCreatedBody take none). */
const NUMERIC_LIES: readonly FaultLie[] = ['totalResults', 'itemsPerPage', 'duplicatePages'];
export const LIES_WITH_VALUE: readonly FaultLie[] = [...NUMERIC_LIES, 'contentType'];

/**
 * The rule the form describes, or the problems that keep it from being one (each beside its field).
 * Empty optional fields are left out, so the engine's defaults apply.
 */
export function ruleFromForm(form: RuleForm): { rule: FaultRuleInput; problems?: undefined } | { problems: { field: RuleField; message: string }[] } {
  const problems: { field: RuleField; message: string }[] = [];
  const integer = (field: keyof RuleForm, label: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    const raw = String(form[field]).trim();
    if (raw === '') return undefined;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      problems.push({ field, message: `${label} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}.` });
      return undefined;
    }
    return value;
  };
  const decimal = (field: keyof RuleForm, label: string, min: number, max: number): number | undefined => {
    const raw = String(form[field]).trim();
    if (raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      problems.push({ field, message: `${label} must be a number from ${min} to ${max}.` });
      return undefined;
    }
    return value;
  };
  const instant = (field: 'windowFrom' | 'windowTo', label: string): string | undefined => {
    if (!form[field]) return undefined;
    const date = new Date(form[field]);
    if (Number.isNaN(date.getTime())) {
      problems.push({ field, message: `${label} is not a date and time.` });
      return undefined;
    }
    return date.toISOString();
  };

  const name = form.name.trim();
  if (!name) problems.push({ field: 'name', message: 'Give the rule a name.' });

  const match: FaultMatch = {};
  if (form.methods.length) match.methods = [...form.methods];
  if (form.resourceTypes.length) match.resourceTypes = [...form.resourceTypes];
  if (form.path.trim()) match.path = form.path.trim();
  if (form.filterText.trim()) {
    if (form.filterMode === 'regex') {
      try {
        new RegExp(form.filterText, 'i');
        match.filter = { regex: form.filterText };
      } catch (error) {
        problems.push({ field: 'filterText', message: `Not a regular expression: ${(error as Error).message}` });
      }
    } else match.filter = { contains: form.filterText.trim() };
  }
  if (form.clients.length) match.clients = [...form.clients];
  const nth = integer('nth', 'The nth request', 1);
  if (nth !== undefined) match.nth = nth;
  const everyNth = integer('everyNth', 'Every n-th', 1);
  if (everyNth !== undefined) match.everyNth = everyNth;
  if (nth !== undefined && everyNth !== undefined) problems.push({ field: 'everyNth', message: 'Only the nth or every n-th, not both: pick one.' });
  const percent = decimal('probabilityPercent', 'The probability (%)', 0, 100);
  if (percent !== undefined) match.probability = percent / 100;
  const seed = integer('seed', 'The seed', 0);
  if (seed !== undefined) match.seed = seed;
  const from = instant('windowFrom', 'The window’s start');
  const to = instant('windowTo', 'The window’s end');
  if (from && to && from >= to) problems.push({ field: 'windowTo', message: 'The window must end after it starts.' });
  if (from || to) match.window = { ...(from && { from }), ...(to && { to }) };
  const limit = integer('limit', 'The count limit', 1);
  if (limit !== undefined) match.limit = limit;

  const action = actionFromForm(form, problems, integer, decimal);
  if (problems.length > 0 || !action) return { problems };
  return { rule: { name, enabled: form.enabled, match, action } };
}

type Problems = { field: RuleField; message: string }[];
type IntegerOf = (field: keyof RuleForm, label: string, min: number, max?: number) => number | undefined;
type DecimalOf = (field: keyof RuleForm, label: string, min: number, max: number) => number | undefined;

function actionFromForm(form: RuleForm, problems: Problems, integer: IntegerOf, decimal: DecimalOf): FaultAction | undefined {
  const maxSeconds = MAX_FAULT_DELAY_MS / 1000;
  switch (form.action) {
    case 'status': {
      const status = integer('status', 'The status', 400, 599);
      if (status === undefined) {
        if (!form.status.trim()) problems.push({ field: 'status', message: 'Say which status to answer.' });
        return undefined;
      }
      const retryAfterSeconds = integer('retryAfterSeconds', 'Retry-After', 0);
      // RFC 6585 §4 and RFC 9110 §10.2.3: Retry-After is for a 429 or a 503.
      if (retryAfterSeconds !== undefined && status !== 429 && status !== 503)
        problems.push({ field: 'retryAfterSeconds', message: 'Retry-After goes with a 429 or a 503 only.' });
      if (form.scimType && !FAULT_SCIM_TYPES.includes(form.scimType))
        problems.push({ field: 'scimType', message: `${form.scimType} is not a SCIM error type.` });
      return {
        kind: 'status',
        status,
        ...(form.scimType && { scimType: form.scimType }),
        ...(form.detail.trim() && { detail: form.detail.trim() }),
        ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
      };
    }
    case 'latency': {
      const ms = integer('latencyMs', 'The latency (ms)', 1, MAX_FAULT_DELAY_MS);
      if (ms === undefined) {
        if (!form.latencyMs.trim()) problems.push({ field: 'latencyMs', message: 'Say how long to delay (ms).' });
        return undefined;
      }
      return { kind: 'latency', ms };
    }
    case 'timeout': {
      const held = decimal('timeoutSeconds', 'The hold (s)', 1, maxSeconds);
      return { kind: 'timeout', ...(held !== undefined && { ms: Math.round(held * 1000) }) };
    }
    case 'drop':
      return { kind: 'drop' };
    case 'lie': {
      if (!LIES_WITH_VALUE.includes(form.lie) || !form.lieValue.trim()) return { kind: 'lie', lie: form.lie };
      if (!NUMERIC_LIES.includes(form.lie)) return { kind: 'lie', lie: form.lie, value: form.lieValue.trim() };
      const value = integer('lieValue', 'The value', 0);
      return value === undefined ? undefined : { kind: 'lie', lie: form.lie, value };
    }
    case 'breakpoint': {
      const held = decimal('breakpointSeconds', 'The auto-release (s)', 1, maxSeconds);
      return { kind: 'breakpoint', stage: form.stage, ...(held !== undefined && { timeoutMs: Math.round(held * 1000) }) };
    }
  }
}

/** Where the engine's problem (`match.nth`, `action.status`, `name`) goes in the form. */
export function fieldOfProblem(problem: FaultProblem, action: FaultActionKind): RuleField {
  // A rules file's problems name the rule by its place: `rules.3.action.status`.
  const where = problem.where.replace(/^rules(\.\d+|\[\d+\])\./, '');
  const FIELDS: Record<string, RuleField> = {
    name: 'name',
    'match.methods': 'methods',
    'match.resourceTypes': 'resourceTypes',
    'match.clients': 'clients',
    'match.path': 'path',
    'match.filter': 'filterText',
    'match.filter.contains': 'filterText',
    'match.filter.regex': 'filterText',
    'match.nth': 'nth',
    'match.everyNth': 'everyNth',
    'match.probability': 'probabilityPercent',
    'match.seed': 'seed',
    'match.window': 'windowTo',
    'match.window.from': 'windowFrom',
    'match.window.to': 'windowTo',
    'match.limit': 'limit',
    'action.kind': 'action',
    'action.status': 'status',
    'action.scimType': 'scimType',
    'action.detail': 'detail',
    'action.retryAfterSeconds': 'retryAfterSeconds',
    'action.lie': 'lie',
    'action.value': 'lieValue',
    'action.stage': 'stage',
  };
  if (FIELDS[where]) return FIELDS[where];
  // `ms` is the latency's or the timeout's hold, whichever the rule's action is.
  if (where === 'action.ms') return action === 'timeout' ? 'timeoutSeconds' : 'latencyMs';
  if (where === 'action.timeoutMs') return 'breakpointSeconds';
  return 'form';
}
