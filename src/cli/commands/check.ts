import { InvalidArgumentError, type Command } from 'commander';
import type { CheckIdp } from '../../shared/conformance';
import { checkReportToMarkdown, runChecks } from '../../engine/conformance/run-checks';
import { runRunscope, runscopeToMarkdown, summarizeRunscope, type RunscopeStepResult } from '../../engine/conformance/runscope';
import { writePrivateFileSync } from '../../engine/files/private-files';
import { readJsonFile } from '../read-json-file';
import { addAuthOptions, authFromOptions, type AuthCliOptions } from '../auth-options';
import { tokenSourceFor } from '../../engine/client/oauth-token-source';

function parseIdp(value: string): CheckIdp[] {
  if (value === 'all') return ['okta', 'entra', 'onelogin'];
  if (value === 'okta' || value === 'entra' || value === 'onelogin') return [value];
  throw new InvalidArgumentError('must be okta, entra, onelogin or all.');
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
    .action(async (options: AuthCliOptions & { idp: CheckIdp[]; report?: string; json?: boolean; runscope?: string }) => {
      try {
        new URL(options.target);
      } catch {
        throw new Error(`--target "${options.target}" is not a URL.`);
      }
      const runscopeDocument = options.runscope ? readJsonFile(options.runscope) : undefined;
      const auth = authFromOptions(options);
      // Okta's export sends `Authorization: Bearer {{token}}`: a bearer token, or an OAuth access token fetched for it.
      if (runscopeDocument !== undefined && auth.kind !== 'bearer' && auth.kind !== 'oauth' && auth.kind !== 'none') throw new Error('--runscope sends a bearer token as Okta\'s export does: give --token, or OAuth client credentials.');
      const report = await runChecks({
        baseUrl: options.target,
        auth,
        idps: options.idp,
        onResult: (result, done, total) => {
          if (options.json) return;
          const mark = result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : '–';
          console.log(`${mark} [${done}/${total}] ${result.name}`);
          for (const problem of result.problems) console.log(`    ${problem}`);
          if (result.consequence) console.log(`    ${result.consequence}`);
        },
      });
      let runscope: { file: string; summary: ReturnType<typeof summarizeRunscope>; steps: RunscopeStepResult[] } | undefined;
      if (runscopeDocument !== undefined) {
        if (!options.json) console.log(`Runscope export ${options.runscope}:`);
        const token = auth.kind === 'oauth' ? await tokenSourceFor(auth).token() : (options.token ?? '');
        const steps = await runRunscope(runscopeDocument, { baseUrl: options.target, token }, (step) => {
          if (options.json) return;
          const counts = `${step.assertions.passed}/${step.assertions.passed + step.assertions.failed} assertions`;
          console.log(`${step.passed ? '✓' : '✗'} ${step.index + 1}. ${step.name} (${counts}${step.timeMs !== undefined ? `, ${step.timeMs} ms` : ''})`);
          for (const failure of step.failures) console.log(`    ${failure}`);
          for (const failure of step.timing.failures) console.log(`    timing: ${failure}`);
        });
        runscope = { file: options.runscope!, summary: summarizeRunscope(steps), steps };
      }
      const runscopeFailed = runscope?.summary.steps.failed ?? 0;
      // The Runscope results travel with the check report, so --json and --report carry all that ran.
      const full = runscope ? { ...report, runscope } : report;
      if (options.report) writePrivateFileSync(options.report, options.report.endsWith('.md') ? checkReportToMarkdown(report) + (runscope ? runscopeToMarkdown(runscope.file, runscope.steps) : '') : `${JSON.stringify(full, null, 2)}\n`);
      if (options.json) process.stdout.write(`${JSON.stringify(full, null, 2)}\n`);
      else {
        const summary = runscope?.summary;
        const runscopeLine = summary
          ? `; Runscope steps failed: ${runscopeFailed} of ${summary.steps.passed + summary.steps.failed}, assertions ${summary.assertions.passed} passed, ${summary.assertions.failed} failed, timing ${summary.timing.passed} within, ${summary.timing.failed} over their limit`
          : '';
        console.log(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped${runscopeLine}.`);
      }
      if (report.failed > 0 || runscopeFailed > 0) process.exitCode = 1;
    });
}
