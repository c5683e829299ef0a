import { randomBytes } from 'node:crypto';
import type { CheckIdp, CheckReport, CheckResult, CheckScope } from '../../shared/conformance';
import type { ReplayAuth } from '../../shared/replay';
import { DIALECTS } from '../simulator/idp-dialects';
import { CancelledError, ScimClient } from '../client/scim-client';
import { UnreachableTargetError } from '../client/unreachable';
import { WORKBENCH_VERSION } from '../version';
import { CheckContext, toResult, type CheckState } from './check-context';
import { CHECKS } from './checks';
import { mattersTo, verdictsOf } from './verdicts';
import { verdictLine } from '../../shared/check-verdicts';
import { DEFAULT_LARGE_GROUP_SIZE } from './checks/large-groups';

export { DEFAULT_LARGE_GROUP_SIZE };

export interface RunChecksOptions {
  baseUrl: string;
  auth: ReplayAuth;
  idps: CheckIdp[];
  signal?: AbortSignal;
  /** Members of the large-group checks' group (tests make it small; the default is a real group's size). */
  largeGroupSize?: number;
  onResult?: (result: CheckResult, done: number, total: number) => void;
  /** Runs only the checks whose id this accepts (tests that need a few); all of them by default. */
  only?: (checkId: string) => boolean;
}

/**
 * Runs the common checks and those of the chosen IdPs against a SCIM server, in order, each
 * request with that IdP's User-Agent; removes what it created at the end. Never throws for a
 * server's answer: a request that does not get through fails its check, with the reason. A
 * server that cannot be reached at all (UnreachableTargetError) ends the run with that one error.
 */
export async function runChecks(options: RunChecksOptions): Promise<CheckReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const client = (userAgent: string) => new ScimClient({ baseUrl: options.baseUrl, auth: options.auth, userAgent, signal: options.signal, timeoutMs: 15_000 });
  const clients: Record<CheckScope, ScimClient> = {
    common: client(`scim-workbench/${WORKBENCH_VERSION} (conformance check)`),
    okta: client(DIALECTS.okta.userAgent),
    entra: client(DIALECTS.entra.userAgent),
    onelogin: client(DIALECTS.onelogin.userAgent),
  };
  const state: CheckState = { suffix: randomBytes(4).toString('hex'), created: [], largeGroupSize: options.largeGroupSize ?? DEFAULT_LARGE_GROUP_SIZE };
  // The auth checks of other kinds of credentials than these are not part of this run (an OAuth check needs OAuth credentials).
  const selected = CHECKS.filter(
    (check) => mattersTo(check, options.idps) && (!check.appliesTo || check.appliesTo.includes(options.auth.kind)) && (!options.only || options.only(check.id)),
  );
  const results: CheckResult[] = [];
  let unreachable: UnreachableTargetError | undefined;
  for (const check of selected) {
    if (options.signal?.aborted) break;
    let result: CheckResult;
    if (check.needs && !check.needs(state)) {
      result = toResult(check, 'skip', undefined, ['Skipped: an earlier check that creates what this one needs failed.']);
    } else {
      const context = new CheckContext(clients, state, options.auth);
      try {
        await check.run(context);
        if (context.skipped && context.problems.length === 0) result = toResult(check, 'skip', context, [`Skipped: ${context.skipped}`]);
        else result = toResult(check, context.problems.length === 0 ? 'pass' : 'fail', context);
      } catch (error) {
        if (error instanceof CancelledError) break;
        // Every later check would fail the same way: the run stops and says so once.
        if (error instanceof UnreachableTargetError) {
          unreachable = error;
          break;
        }
        result = toResult(check, 'fail', context, [(error as Error).message]);
      }
    }
    results.push(result);
    options.onResult?.(result, results.length, selected.length);
  }
  // Leave the server as it was, cancelled or not: what the checks created goes (groups first, they
  // reference users), through a client the job's cancellation does not stop.
  const cleaner = new ScimClient({
    baseUrl: options.baseUrl,
    auth: options.auth,
    userAgent: `scim-workbench/${WORKBENCH_VERSION} (conformance check clean-up)`,
    timeoutMs: 15_000,
  });
  for (const item of [...state.created].sort((a, b) => (a.type === b.type ? 0 : a.type === 'Groups' ? -1 : 1))) {
    await cleaner.send('DELETE', `/${item.type}/${item.id}`).catch(() => undefined);
  }
  if (unreachable) throw unreachable;
  return {
    target: options.baseUrl,
    idps: options.idps,
    verdicts: verdictsOf(results, selected, options.idps),
    startedAt,
    durationMs: performance.now() - started,
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    skipped: results.filter((r) => r.status === 'skip').length,
    results,
  };
}

/** The report as a readable page. */
export function checkReportToMarkdown(report: CheckReport): string {
  const lines = [
    '# SCIM conformance check',
    '',
    `- Target: ${report.target}`,
    `- IdPs: ${report.idps.join(', ')}`,
    '',
    ...report.verdicts.map((verdict) => `- ${verdict.works ? '✓' : '✗'} **${verdictLine(verdict)}**`),
    '',
    `- **${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped** (${(report.durationMs / 1000).toFixed(1)} s)`,
    '',
  ];
  for (const result of report.results) {
    lines.push(`## ${result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : '–'} ${result.name}`, '', `\`${result.id}\` · ${result.source}`);
    if (result.request) lines.push('', `Request: \`${result.request.method} ${result.request.path}\` → ${result.response?.status ?? 'no answer'}`);
    for (const problem of result.problems) lines.push(`- ${problem}`);
    // A failure's evidence in full (already redacted, the answer cut at 2,000 characters), to send to whoever runs the server.
    if (result.status === 'fail' && result.request?.body !== undefined)
      lines.push('', 'Request body:', ...fenced(JSON.stringify(result.request.body, null, 2)));
    if (result.status === 'fail' && result.response?.body)
      lines.push('', `Answer (${result.response.contentType || 'no content type'}):`, ...fenced(result.response.body));
    for (const note of result.notes ?? []) lines.push(`- Note: ${note}`);
    for (const finding of result.verdicts ?? []) lines.push(`- Verdict (${finding.severity}, ${finding.source}): ${finding.seen} Fix: ${finding.fix}`);
    if (result.consequence) lines.push('', `What the IdP does: ${result.consequence}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** A Markdown code block around text that may itself hold backticks. */
function fenced(text: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return [fence, text, fence];
}
