import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { evaluateRunscopeAssertion, resolveRunscopePath, type RunscopeAssertion } from './runscope-assertions';
import { runRunscopeScript } from './runscope-scripts';
import type { RunscopeStepResult, RunscopeSummary } from '../../shared/suites';

/**
 * Runs a Runscope test export (Okta's "SCIM 2.0 SPEC Test" is one) against a SCIM base URL:
 * each request step with its variables substituted and its headers sent as the export has them (no
 * Content-Type added), every assertion checked as Runscope checks it, variables captured for the next
 * steps, its scripts run in a sandbox (runscope-scripts.ts). response_time assertions are evaluated too but reported apart as timing: a slow machine is
 * not a conformance failure, yet hiding them would pass what Runscope fails. Pause steps are skipped
 * (they only throttled Runscope's cloud runner). Written by hand: no maintained Node runner for
 * Runscope exports exists.
 */
type Assertion = RunscopeAssertion;
interface Step {
  step_type: string;
  method?: string;
  url?: string;
  note?: string;
  body?: string;
  headers?: Record<string, string | string[]>;
  assertions?: Assertion[];
  variables?: { source: string; property: string; name: string }[];
  scripts?: string[];
  before_scripts?: string[];
}

export type { RunscopeStepResult, RunscopeSummary };

export function summarizeRunscope(results: RunscopeStepResult[]): RunscopeSummary {
  const sum = (read: (result: RunscopeStepResult) => number) => results.reduce((total, result) => total + read(result), 0);
  return {
    steps: { passed: sum((r) => (r.passed ? 1 : 0)), failed: sum((r) => (r.passed ? 0 : 1)) },
    assertions: { passed: sum((r) => r.assertions.passed), failed: sum((r) => r.assertions.failed) },
    timing: { passed: sum((r) => r.timing.passed), failed: sum((r) => r.timing.failed) },
  };
}

export function runscopeSteps(document: unknown): Step[] {
  const steps = (document as { steps?: unknown })?.steps;
  if (!Array.isArray(steps)) throw new Error('Not a Runscope test export: no "steps" list.');
  return (steps as (Step | null)[]).filter((step): step is Step => typeof step === 'object' && step !== null && step.step_type === 'request');
}

/** `signal` stops the run between steps (and the step in flight): the results so far are returned. */
export async function runRunscope(
  document: unknown,
  target: { baseUrl: string; token: string },
  onStep?: (result: RunscopeStepResult) => void,
  signal?: AbortSignal,
): Promise<RunscopeStepResult[]> {
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
    if (signal?.aborted) break;
    const failures: string[] = [];
    const assertions = { passed: 0, failed: 0 };
    const timing = { passed: 0, failed: 0, failures: [] as string[] };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.headers ?? {})) headers[name.toLowerCase()] = sub(Array.isArray(value) ? value.join(', ') : value);
    const url = sub(step.url ?? '');
    // The headers exactly as the export has them: Okta's SPEC test POSTs its users without a
    // Content-Type, and a server must cope with that as Runscope sends it. A string body would make
    // fetch add `text/plain`; bytes go out unlabelled.
    const body = step.body === undefined ? undefined : Buffer.from(sub(step.body), 'utf8');
    let status: number | undefined;
    let timeMs: number | undefined;
    const logs: string[] = [];
    // Not in Okta's export; refusing them beats passing a step whose setup never ran.
    if ((step.before_scripts ?? []).length > 0) failures.push('before_scripts are not supported by this runner');
    try {
      const started = performance.now();
      const response = await fetch(new URL(url), {
        method: step.method,
        headers,
        body,
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(15_000)]) : AbortSignal.timeout(15_000),
      });
      status = response.status;
      const text = await response.text();
      timeMs = performance.now() - started;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      for (const assertion of step.assertions ?? []) {
        const expected = assertion.value === null ? null : sub(assertion.value);
        const outcome = evaluateRunscopeAssertion(assertion, expected, { status, timeMs, json, headers: response.headers, text });
        const tally = outcome.timing ? timing : assertions;
        if (outcome.passed) tally.passed += 1;
        else {
          tally.failed += 1;
          (outcome.timing ? timing.failures : failures).push(outcome.failure!);
        }
      }
      for (const variable of step.variables ?? []) vars[variable.name] = String(resolveRunscopePath(json, variable.property));
      // Scripts run after the assertions and variables, as on Runscope; each assert that held counts
      // as a passed assertion, the one that stopped the script as a failed one.
      for (const script of step.scripts ?? []) {
        const outcome = runRunscopeScript(
          script,
          { body: text, status, headers: Object.fromEntries(response.headers), response_time: Math.round(timeMs) },
          vars,
        );
        assertions.passed += outcome.passed;
        if (outcome.failure) {
          assertions.failed += 1;
          failures.push(outcome.failure);
        }
        logs.push(...outcome.logs);
      }
    } catch (error) {
      failures.push(`the request did not get through: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
      // Unanswered, no assertion of the step held.
      for (const assertion of step.assertions ?? []) {
        if (assertion.source === 'response_time') timing.failed += 1;
        else assertions.failed += 1;
      }
    }
    const result: RunscopeStepResult = {
      index,
      name: step.note ?? `${step.method} ${step.url}`,
      method: step.method ?? 'GET',
      url,
      ...(status !== undefined && { status }),
      passed: failures.length === 0,
      failures,
      assertions,
      timing,
      ...(timeMs !== undefined && { timeMs: Math.round(timeMs) }),
      ...(logs.length > 0 && { logs }),
    };
    results.push(result);
    onStep?.(result);
  }
  return results;
}

/** A Markdown section for `check --report x.md`: each step with its counts, failures and timing. */
export function runscopeToMarkdown(file: string, results: RunscopeStepResult[]): string {
  const summary = summarizeRunscope(results);
  const lines = [
    '',
    `## Runscope export ${file}`,
    '',
    `${summary.steps.failed} of ${results.length} steps failed; assertions ${summary.assertions.passed} passed, ${summary.assertions.failed} failed; timing ${summary.timing.passed} within, ${summary.timing.failed} over their limit (timing is reported, not counted as a failure).`,
    '',
  ];
  for (const step of results) {
    lines.push(
      `- ${step.passed ? '✓' : '✗'} ${step.index + 1}. ${step.name}: ${step.assertions.passed}/${step.assertions.passed + step.assertions.failed} assertions${step.timeMs !== undefined ? `, ${step.timeMs} ms` : ''}`,
    );
    for (const failure of step.failures) lines.push(`  - ${failure}`);
    for (const failure of step.timing.failures) lines.push(`  - timing: ${failure}`);
  }
  return `${lines.join('\n')}\n`;
}
