/**
 * Runscope's assertion semantics, kept as strict as Runscope's own: a runner of ours that passes what
 * Runscope would fail hides exactly the defects an IdP's suite is meant to find.
 */
export interface RunscopeAssertion {
  source: string;
  property?: string;
  comparison: string;
  value: string | null;
}

export interface RunscopeAssertionOutcome {
  /** `property comparison value`, or `response_time is_less_than 400` */
  label: string;
  passed: boolean;
  /** a response_time assertion: reported apart, as timing */
  timing: boolean;
  /** why it failed, when it did */
  failure?: string;
}

/**
 * A JSON body property as Runscope reads it: "standard JavaScript notation" (Runscope's assertion
 * docs), so `a.b[0].c` walks own properties and indexes; a property of an array is undefined unless
 * the array is indexed first (`Resources[0].emails.value` is undefined, `emails[0].value` is not).
 */
export function resolveRunscopePath(document: unknown, path: string): unknown {
  const parts = /^[^.[\]]+(?:\.[^.[\]]+|\[\d+\])*$/.test(path) ? path.match(/[^.[\]]+|\[\d+\]/g)! : undefined;
  if (!parts) return undefined;
  let value: unknown = document;
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    const key = part.startsWith('[') ? part.slice(1, -1) : part;
    // Own properties only: `constructor` or `__proto__` of a body is not a value the server sent.
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function asText(actual: unknown): string {
  if (actual === undefined) return 'undefined';
  return typeof actual === 'string' ? actual : (JSON.stringify(actual)?.slice(0, 120) ?? String(actual));
}

function isEmpty(actual: unknown): boolean {
  if (actual === undefined || actual === null || actual === '') return true;
  if (Array.isArray(actual)) return actual.length === 0;
  if (typeof actual === 'object') return Object.keys(actual).length === 0;
  return false;
}

function compare(comparison: string, actual: unknown, expected: string | null): boolean | undefined {
  const number = Number(expected);
  switch (comparison) {
    case 'not_empty':
      return !isEmpty(actual);
    case 'empty':
      return isEmpty(actual);
    case 'equal':
      return actual !== undefined && actual !== null && typeof actual !== 'object' && String(actual) === (expected ?? '');
    case 'not_equal':
      return !(actual !== undefined && actual !== null && typeof actual !== 'object' && String(actual) === (expected ?? ''));
    case 'equal_number':
      return actual !== null && actual !== '' && typeof actual !== 'object' && expected !== null && Number(actual) === number;
    case 'is_a_number':
      return typeof actual === 'number' || (typeof actual === 'string' && actual.trim() !== '' && Number.isFinite(Number(actual)));
    case 'is_null':
      return actual === null;
    case 'is_less_than':
    case 'is_less_than_or_equal':
    case 'is_greater_than':
    case 'is_greater_than_or_equal': {
      if (typeof actual !== 'number' && typeof actual !== 'string') return false;
      const left = Number(actual);
      if (!Number.isFinite(left) || expected === null || !Number.isFinite(number)) return false;
      if (comparison === 'is_less_than') return left < number;
      if (comparison === 'is_less_than_or_equal') return left <= number;
      if (comparison === 'is_greater_than') return left > number;
      return left >= number;
    }
    case 'has_value':
    case 'contains':
    case 'does_not_contain': {
      // A list holds the value, a string holds it as text; nothing else holds anything. A blank target
      // (the Okta export's emails.value) asks only that there be some value.
      let holds: boolean;
      if (Array.isArray(actual))
        holds =
          expected === null || expected === ''
            ? actual.length > 0
            : actual.some((item) => item !== null && typeof item !== 'object' && String(item) === expected);
      else if (typeof actual === 'string') holds = expected === null || expected === '' ? actual.length > 0 : actual.includes(expected);
      else holds = false;
      return comparison === 'does_not_contain' ? !holds && actual !== undefined : holds;
    }
    default:
      return undefined;
  }
}

export interface RunscopeResponse {
  status: number;
  /** milliseconds from sending the request to reading the whole body */
  timeMs: number;
  json: unknown;
  headers: Headers;
  text: string;
}

/** One assertion against one response; `expected` already has its variables substituted. */
export function evaluateRunscopeAssertion(assertion: RunscopeAssertion, expected: string | null, response: RunscopeResponse): RunscopeAssertionOutcome {
  const timing = assertion.source === 'response_time';
  let actual: unknown;
  let subject: string;
  if (assertion.source === 'response_status') [actual, subject] = [response.status, 'status'];
  else if (timing) [actual, subject] = [Math.round(response.timeMs), 'response time (ms)'];
  else if (assertion.source === 'response_json') [actual, subject] = [resolveRunscopePath(response.json, assertion.property ?? ''), assertion.property ?? ''];
  else if (assertion.source === 'response_headers')
    [actual, subject] = [response.headers.get(assertion.property ?? '') ?? undefined, `header ${assertion.property ?? ''}`];
  else if (assertion.source === 'response_text') [actual, subject] = [response.text, 'body'];
  else if (assertion.source === 'response_size') [actual, subject] = [Buffer.byteLength(response.text), 'body size'];
  else return { label: `${assertion.source} ${assertion.comparison}`, passed: false, timing, failure: `unknown assertion source ${assertion.source}` };
  const label = `${subject} ${assertion.comparison} ${expected ?? ''}`.trim();
  const ok = compare(assertion.comparison, actual, expected);
  if (ok === undefined) return { label, passed: false, timing, failure: `unknown comparison ${assertion.comparison}` };
  return ok ? { label, passed: true, timing } : { label, passed: false, timing, failure: `${label} (got ${asText(actual)})` };
}
