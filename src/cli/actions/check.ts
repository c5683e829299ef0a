import type { CliIo } from '../cli-io';
import type { CheckIdp } from '../../shared/conformance';
import { checkReportToMarkdown, runChecks } from '../../engine/conformance/run-checks';
import { runRunscope, runscopeToMarkdown, summarizeRunscope, type RunscopeStepResult } from '../../engine/conformance/runscope';
import { writePrivateFileSync } from '../../engine/files/private-files';
import { readJsonFile } from '../read-json-file';
import { checkOutputPath } from '../output-path';
import { watchForSilence } from '../silence-watch';
import { printCheckReport } from './check-output';
import { postmanSummaryLine, preparePostman, runPostmanCheck } from './check-postman';
import type { PostmanCheckOptions } from '../postman-options';
import { postmanToMarkdown } from '../../engine/conformance/postman';
import { authFromOptions, type AuthCliOptions } from '../auth-options';
import { tokenSourceFor } from '../../engine/client/oauth-token-source';
import { selectChecks, selectionLine } from '../check-only';

export interface CheckOptions extends AuthCliOptions, PostmanCheckOptions {
  idp: CheckIdp[];
  report?: string;
  json?: boolean;
  runscope?: string;
  groupSize: number;
  only?: string[];
}

/** `check`: the named checks, then the Runscope and Postman suites given; exit 1 on any failure. */
export async function runCheck(options: CheckOptions, io: CliIo): Promise<void> {
  try {
    new URL(options.target);
  } catch {
    throw new Error(`--target "${options.target}" is not a URL.`);
  }
  if (options.report) checkOutputPath(options.report, '--report');
  const runscopeDocument = options.runscope ? readJsonFile(options.runscope) : undefined;
  const postmanPlan = preparePostman(options);
  const auth = authFromOptions(options);
  // The suites send `Authorization: Bearer {{token}}`: a bearer token, or an OAuth access token fetched for it.
  if ((runscopeDocument !== undefined || postmanPlan) && auth.kind !== 'bearer' && auth.kind !== 'oauth' && auth.kind !== 'none') {
    throw new Error('--runscope and --postman send a bearer token as the suites do: give --token, or OAuth client credentials.');
  }
  const selection = options.only && selectChecks(options.only, options.idp, auth.kind);
  const suiteToken = async () => (auth.kind === 'oauth' ? await tokenSourceFor(auth).token() : (options.token ?? ''));
  const silence = watchForSilence((line) => io.err(line));
  const report = await runChecks({
    baseUrl: options.target,
    auth,
    idps: options.idp,
    largeGroupSize: options.groupSize,
    only: selection ? selection.accepts : undefined,
    // Progress on stderr while the checks run; the report (verdicts first) follows on stdout.
    onResult: (result, done, total) => {
      silence.heard(result.name);
      if (!options.json) io.err(`[${done}/${total}] ${result.status} ${result.name}`);
    },
  }).finally(() => silence.stop());
  const onlyLine = selection ? selectionLine(selection) : undefined;
  if (!options.json) printCheckReport(io, report, onlyLine);
  let runscope: { file: string; summary: ReturnType<typeof summarizeRunscope>; steps: RunscopeStepResult[] } | undefined;
  if (runscopeDocument !== undefined) {
    if (!options.json) io.out(`Runscope export ${options.runscope}:`);
    const steps = await runRunscope(runscopeDocument, { baseUrl: options.target, token: await suiteToken() }, (step) => {
      if (options.json) return;
      const counts = `${step.assertions.passed}/${step.assertions.passed + step.assertions.failed} assertions`;
      io.out(`${step.passed ? '✓' : '✗'} ${step.index + 1}. ${step.name} (${counts}${step.timeMs !== undefined ? `, ${step.timeMs} ms` : ''})`);
      for (const failure of step.failures) io.out(`    ${failure}`);
      for (const failure of step.timing.failures) io.out(`    timing: ${failure}`);
    });
    runscope = { file: options.runscope!, summary: summarizeRunscope(steps), steps };
  }
  const postman = postmanPlan && (await runPostmanCheck(postmanPlan, { baseUrl: options.target, token: await suiteToken() }, Boolean(options.json), io));
  const runscopeFailed = runscope?.summary.steps.failed ?? 0;
  const postmanFailed = postman?.summary.requests.failed ?? 0;
  // The suites' results travel with the check report, so --json and --report carry all that ran.
  const full = { ...report, ...(selection && { only: selection.names }), ...(runscope && { runscope }), ...(postman && { postman }) };
  if (options.report)
    writePrivateFileSync(
      options.report,
      options.report.endsWith('.md')
        ? withOnlyLine(checkReportToMarkdown(report), onlyLine) +
            (runscope ? runscopeToMarkdown(runscope.file, runscope.steps) : '') +
            (postman ? postmanToMarkdown(postman) : '')
        : `${JSON.stringify(full, null, 2)}\n`,
    );
  if (options.json) io.stdout.write(`${JSON.stringify(full, null, 2)}\n`);
  else {
    const summary = runscope?.summary;
    const runscopeLine = summary
      ? `; Runscope steps failed: ${runscopeFailed} of ${summary.steps.passed + summary.steps.failed}, assertions ${summary.assertions.passed} passed, ${summary.assertions.failed} failed, timing ${summary.timing.passed} within, ${summary.timing.failed} over their limit`
      : '';
    io.out(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped${runscopeLine}${postman ? postmanSummaryLine(postman) : ''}.`);
  }
  if (report.failed > 0 || runscopeFailed > 0 || postmanFailed > 0) io.exitCode = 1;
}

/** The Markdown report says what --only left out under its list of IdPs, before the verdicts. */
function withOnlyLine(markdown: string, onlyLine: string | undefined): string {
  return onlyLine ? markdown.replace(/^(- IdPs: .*)$/m, `$1\n- ${onlyLine}`) : markdown;
}
