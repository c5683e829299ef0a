import { randomBytes } from 'node:crypto';

/**
 * Runs a Runscope test export (Okta's "SCIM 2.0 SPEC Test" is one) against a SCIM base URL:
 * each request step with its variables substituted and its headers sent as the export has them (no
 * Content-Type added), each assertion checked, variables captured for the next steps. response_time assertions are ignored (speed is not a conformance property
 * here) and pause steps skipped (they only throttled Runscope's cloud runner). Written by hand:
 * no maintained Node runner for Runscope exports exists.
 */
interface Assertion {
  source: string;
  property?: string;
  comparison: string;
  value: string | null;
}
interface Step {
  step_type: string;
  method?: string;
  url?: string;
  note?: string;
  body?: string;
  headers?: Record<string, string | string[]>;
  assertions?: Assertion[];
  variables?: { source: string; property: string; name: string }[];
}

export interface RunscopeStepResult {
  index: number;
  name: string;
  method: string;
  url: string;
  status?: number;
  passed: boolean;
  failures: string[];
}

export function runscopeSteps(document: unknown): Step[] {
  const steps = (document as { steps?: unknown })?.steps;
  if (!Array.isArray(steps)) throw new Error('Not a Runscope test export: no "steps" list.');
  return (steps as Step[]).filter((step) => step.step_type === 'request');
}

function pick(document: unknown, path: string): unknown {
  let value: any = document;
  for (const part of path.split('.')) {
    const match = /^([^[]*)(?:\[(\d+)\])?$/.exec(part);
    if (!match) return undefined;
    value = Array.isArray(value) && match[1] ? value.map((item) => item?.[match[1]!]) : match[1] ? value?.[match[1]] : value;
    if (match[2] !== undefined) value = value?.[Number(match[2])];
  }
  return value;
}

export async function runRunscope(document: unknown, target: { baseUrl: string; token: string }, onStep?: (result: RunscopeStepResult) => void): Promise<RunscopeStepResult[]> {
  const steps = runscopeSteps(document);
  const r = randomBytes(3).toString('hex');
  const vars: Record<string, string> = {
    SCIMBaseURL: target.baseUrl.replace(/\/+$/, ''),
    auth: `Bearer ${target.token}`,
    InvalidUserEmail: `nobody-${r}@example.com`,
    UserIdThatDoesNotExist: `missing-${r}`,
    randomUsername: `okta.${r}@example.com`,
    randomEmail: `okta.${r}@example.com`,
    randomGivenName: 'Given',
    randomFamilyName: `Family${r}`,
  };
  vars.randomUsernameCaps = vars.randomUsername!.toUpperCase();
  const sub = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? `{{${name}}}`);
  const results: RunscopeStepResult[] = [];
  for (const [index, step] of steps.entries()) {
    const failures: string[] = [];
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.headers ?? {})) headers[name.toLowerCase()] = sub(Array.isArray(value) ? value.join(', ') : value);
    const url = sub(step.url ?? '');
    // The headers exactly as the export has them: Okta's SPEC test POSTs its users without a
    // Content-Type, and a server must cope with that as Runscope sends it. A string body would make
    // fetch add `text/plain`; bytes go out unlabelled.
    const body = step.body === undefined ? undefined : Buffer.from(sub(step.body), 'utf8');
    let status: number | undefined;
    try {
      const response = await fetch(new URL(url), { method: step.method, headers, body, signal: AbortSignal.timeout(15_000) });
      status = response.status;
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      for (const assertion of step.assertions ?? []) {
        const expected = assertion.value === null ? null : sub(assertion.value);
        if (assertion.source === 'response_time') continue;
        if (assertion.source === 'response_status') {
          if (status !== Number(expected)) failures.push(`status is ${status}, expected ${expected}`);
          continue;
        }
        const actual = pick(json, assertion.property!) as any;
        const label = `${assertion.property} ${assertion.comparison} ${expected ?? ''}`.trim();
        let ok: boolean;
        if (assertion.comparison === 'not_empty') ok = !(actual === undefined || actual === null || actual === '' || (Array.isArray(actual) && actual.length === 0));
        else if (assertion.comparison === 'equal' || assertion.comparison === 'equal_number') ok = String(actual) === expected;
        else if (assertion.comparison === 'is_a_number') ok = typeof actual === 'number';
        // has_value with a blank value (emails.value): read as "some value present".
        else if (assertion.comparison === 'has_value' || assertion.comparison === 'contains') ok = expected === null ? (actual ?? []).length > 0 : (actual ?? []).includes(expected);
        else {
          failures.push(`unknown comparison ${assertion.comparison}`);
          continue;
        }
        if (!ok) failures.push(`${label} (got ${JSON.stringify(actual)?.slice(0, 120)})`);
      }
      for (const variable of step.variables ?? []) vars[variable.name] = String(pick(json, variable.property));
    } catch (error) {
      failures.push(`the request did not get through: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
    }
    const result = { index, name: step.note ?? `${step.method} ${step.url}`, method: step.method ?? 'GET', url, ...(status !== undefined && { status }), passed: failures.length === 0, failures };
    results.push(result);
    onStep?.(result);
  }
  return results;
}
