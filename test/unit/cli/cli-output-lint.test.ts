import { afterAll, expect, it } from 'vitest';
import { lintScratch } from '../../support/lint-scratch';

/**
 * CLI commands also run inside the tests' own process (test/support/cli.ts runCli): `npm run lint`
 * refuses, in src/cli, output that bypasses the command's CliIo and ways of ending the process.
 */
const scratch = lintScratch('cli-output-lint');
afterAll(() => scratch.remove());

const BYPASSES = [
  "console.log('done');",
  "console.error('failed');",
  "process.stdout.write('x');",
  "process.stderr.write('x');",
  'process.exit(1);',
  'process.exitCode = 1;',
  '',
].join('\n');

/** The rules `source` breaks as the file `path` of the project, sorted. */
const rulesBroken = async (path: string, source: string) => (await scratch.lint(path, source)).diagnostics.map(({ code }) => code).sort();

it('refuses console, process.stdout/stderr, process.exit and process.exitCode in a command', async () => {
  expect(await rulesBroken('src/cli/actions/bypass.ts', BYPASSES)).toEqual([
    'eslint(no-console)',
    'eslint(no-console)',
    'eslint(no-restricted-properties)',
    'eslint(no-restricted-properties)',
    'eslint(no-restricted-properties)',
    'eslint(no-restricted-properties)',
  ]);
});

it('leaves the engine alone, which has its own logger and never runs as a command', async () => {
  expect(await rulesBroken('src/engine/elsewhere.ts', BYPASSES)).toEqual([]);
});
