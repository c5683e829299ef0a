import { InvalidArgumentError, type Command } from 'commander';
import type { CheckIdp } from '../../shared/conformance';
import { checkReportToMarkdown, DEFAULT_LARGE_GROUP_SIZE, runChecks } from '../../engine/conformance/run-checks';
import { runRunscope, runscopeToMarkdown, summarizeRunscope, type RunscopeStepResult } from '../../engine/conformance/runscope';
import { writePrivateFileSync } from '../../engine/files/private-files';
import { readJsonFile } from '../read-json-file';
import { printCheckReport } from './check-output';
import { addPostmanOptions, postmanSummaryLine, preparePostman, runPostmanCheck, type PostmanCheckOptions } from './check-postman';
import { postmanToMarkdown } from '../../engine/conformance/postman';
import { addAuthOptions, authFromOptions, type AuthCliOptions } from '../auth-options';
import { tokenSourceFor } from '../../engine/client/oauth-token-source';

function parseIdp(value: string): CheckIdp[] {
  if (value === 'all') return ['okta', 'entra', 'onelogin'];
  if (value === 'okta' || value === 'entra' || value === 'onelogin') return [value];
  throw new InvalidArgumentError('must be okta, entra, onelogin or all.');
}

function parseGroupSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 2 || size > 5000) throw new InvalidArgumentError('must be a whole number from 2 to 5000.');
  return size;
}

/** `check`: will this SCIM server pass with Okta, Entra ID, OneLogin? Exit 1 on any failure. */
export function registerCheck(program: Command) {
  const command = program
    .command('check')
    .description("Run named conformance checks (RFC 7644 and each IdP's documented expectations) against a SCIM server; exit 1 when any fails.")
    .requiredOption('--target <url>', 'the SCIM base URL');
  addAuthOptions(command)
    .option('--idp <okta|entra|onelogin|all>', 'whose expectations to check besides the common ones', parseIdp, ['okta', 'entra', 'onelogin'] as CheckIdp[])
    .option('--report <file>', 'write the report: .md for a readable page, otherwise JSON')
    .option('--json', 'print the report as JSON instead of lines')
    .option('--runscope <file>', "also run a Runscope test export's steps (Okta's SCIM 2.0 SPEC Test)")
    .option('--group-size <n>', 'members of the large group the large-group checks build', parseGroupSize, DEFAULT_LARGE_GROUP_SIZE);
  addPostmanOptions(command).action(
    async (options: AuthCliOptions & { idp: CheckIdp[]; report?: string; json?: boolean; runscope?: string; groupSize: number } & PostmanCheckOptions) => {
      try {
        new URL(options.target);
      } catch {
        throw new Error(`--target "${options.target}" is not a URL.`);
      }
      const runscopeDocument = options.runscope ? readJsonFile(options.runscope) : undefined;
      const postmanPlan = preparePostman(options);
      const auth = authFromOptions(options);
      // The suites send `Authorization: Bearer {{token}}`: a bearer token, or an OAuth access token fetched for it.
      if ((runscopeDocument !== undefined || postmanPlan) && auth.kind !== 'bearer' && auth.kind !== 'oauth' && auth.kind !== 'none') {
        throw new Error('--runscope and --postman send a bearer token as the suites do: give --token, or OAuth client credentials.');
      }
      const suiteToken = async () => (auth.kind === 'oauth' ? await tokenSourceFor(auth).token() : (options.token ?? ''));
      const report = await runChecks({
        baseUrl: options.target,
        auth,
        idps: options.idp,
        largeGroupSize: options.groupSize,
        // Progress on stderr while the checks run; the report (verdicts first) follows on stdout.
        onResult: (result, done, total) => {
          if (!options.json) console.error(`[${done}/${total}] ${result.status} ${result.name}`);
        },
      });
      if (!options.json) printCheckReport(report);
      let runscope: { file: string; summary: ReturnType<typeof summarizeRunscope>; steps: RunscopeStepResult[] } | undefined;
      if (runscopeDocument !== undefined) {
        if (!options.json) console.log(`Runscope export ${options.runscope}:`);
        const steps = await runRunscope(runscopeDocument, { baseUrl: options.target, token: await suiteToken() }, (step) => {
          if (options.json) return;
          const counts = `${step.assertions.passed}/${step.assertions.passed + step.assertions.failed} assertions`;
          console.log(`${step.passed ? '✓' : '✗'} ${step.index + 1}. ${step.name} (${counts}${step.timeMs !== undefined ? `, ${step.timeMs} ms` : ''})`);
          for (const failure of step.failures) console.log(`    ${failure}`);
          for (const failure of step.timing.failures) console.log(`    timing: ${failure}`);
        });
        runscope = { file: options.runscope!, summary: summarizeRunscope(steps), steps };
      }
      const postman = postmanPlan && (await runPostmanCheck(postmanPlan, { baseUrl: options.target, token: await suiteToken() }, Boolean(options.json)));
      const runscopeFailed = runscope?.summary.steps.failed ?? 0;
      const postmanFailed = postman?.summary.requests.failed ?? 0;
      // The suites' results travel with the check report, so --json and --report carry all that ran.
      const full = { ...report, ...(runscope && { runscope }), ...(postman && { postman }) };
      if (options.report)
        writePrivateFileSync(
          options.report,
          options.report.endsWith('.md')
            ? checkReportToMarkdown(report) + (runscope ? runscopeToMarkdown(runscope.file, runscope.steps) : '') + (postman ? postmanToMarkdown(postman) : '')
            : `${JSON.stringify(full, null, 2)}\n`,
        );
      if (options.json) process.stdout.write(`${JSON.stringify(full, null, 2)}\n`);
      else {
        const summary = runscope?.summary;
        const runscopeLine = summary
          ? `; Runscope steps failed: ${runscopeFailed} of ${summary.steps.passed + summary.steps.failed}, assertions ${summary.assertions.passed} passed, ${summary.assertions.failed} failed, timing ${summary.timing.passed} within, ${summary.timing.failed} over their limit`
          : '';
        console.log(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped${runscopeLine}${postman ? postmanSummaryLine(postman) : ''}.`);
      }
      if (report.failed > 0 || runscopeFailed > 0 || postmanFailed > 0) process.exitCode = 1;
    },
  );
}
