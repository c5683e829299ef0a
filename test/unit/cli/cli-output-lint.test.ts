import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

/**
 * CLI commands also run inside the tests' own process (test/support/cli.ts runCli): `npm run lint`
 * refuses, in src/cli, output that bypasses the command's CliIo and ways of ending the process.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const tree = mkdtempSync(join(tmpdir(), 'cli-output-lint-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));
copyFileSync(join(ROOT, '.oxlintrc.json'), join(tree, '.oxlintrc.json'));

const BYPASSES = [
  "console.log('done');",
  "console.error('failed');",
  "process.stdout.write('x');",
  "process.stderr.write('x');",
  'process.exit(1);',
  'process.exitCode = 1;',
  '',
].join('\n');

/** Lints `source` as the file `path` of a scratch tree holding the project's config; the rules it broke, sorted. */
function rulesBroken(path: string, source: string): Promise<string[]> {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), source);
  return new Promise((done, fail) =>
    execFile(join(ROOT, 'node_modules/.bin/oxlint'), ['--format', 'json', path], { cwd: tree, timeout: 30_000 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') return fail(error);
      done((JSON.parse(stdout) as { diagnostics: { code: string }[] }).diagnostics.map(({ code }) => code).sort());
    }),
  );
}

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
