import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultProxy } from '../../support/fault-proxy';
import { PLANTED_FAULTS } from '../../support/planted-faults';
import { runCli, startServe, tempDir, type ServeProcess } from '../../support/cli';

/** `check` opens its output, its JSON and its Markdown report with the verdict per IdP. */
const dir = tempDir();
let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--db', join(dir.path, 'verdicts.db'), '--quiet']);
});
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await serve.exited;
  dir.remove();
});

it('prints the verdicts first, then the checks; progress goes to stderr', async () => {
  const result = await runCli(['check', '--target', serve.baseUrl, '--token', serve.token, '--idp', 'all', '--group-size', '5'], 60_000);
  expect(result.code).toBe(0);
  expect(result.stdout.split('\n').slice(0, 3)).toEqual([
    '✓ Okta would work with this server',
    '✓ Entra ID would work with this server',
    '✓ OneLogin would work with this server',
  ]);
  expect(result.stdout).toContain('✓ [1/');
  expect(result.stderr).toMatch(/^\[1\/\d+\] pass /m);
}, 90_000);

it('names where an IdP would fail, in the lines, --json and the Markdown report', async () => {
  const fault = PLANTED_FAULTS.find((candidate) => candidate.description.startsWith('an enterprise attribute path without its URN'))!;
  const proxy = await startFaultProxy(new URL(serve.baseUrl).origin, fault);
  const target = `${proxy.origin}${new URL(serve.baseUrl).pathname}`;
  try {
    const lines = await runCli(['check', '--target', target, '--token', serve.token, '--idp', 'all', '--group-size', '5'], 60_000);
    expect(lines.code).toBe(1);
    expect(lines.stdout.split('\n').slice(0, 3)).toEqual([
      '✓ Okta would work with this server',
      '✗ Entra ID would fail at: Entra ID sends manager and department without the extension URN ("path": "manager")',
      '✓ OneLogin would work with this server',
    ]);

    // The lines above come from every check; the same verdict in --json and the Markdown report needs only Entra ID's
    // checks and the user they PATCH.
    const report = join(dir.path, 'verdicts.md');
    const json = await runCli(
      ['check', '--target', target, '--token', serve.token, '--idp', 'entra', '--only', 'users,entra', '--json', '--report', report],
      60_000,
    );
    expect(JSON.parse(json.stdout).verdicts).toEqual([
      { idp: 'entra', works: false, failedChecks: [{ id: 'entra.unqualified-extension-paths', name: expect.stringContaining('without the extension URN') }] },
    ]);
    expect(json.stderr).toBe('');
    const markdown = readFileSync(report, 'utf8');
    expect(markdown).toContain('- ✗ **Entra ID would fail at: Entra ID sends manager and department without the extension URN');
    expect(markdown.indexOf('Entra ID would fail at')).toBeLessThan(markdown.indexOf('## '));
  } finally {
    await proxy.close();
  }
  // Two whole checks one after the other (each allowed 60 s above); vitest's 30 s default would cut them off on a busy machine.
}, 150_000);

it('refuses a group size that is not a whole number from 2 to 5000', async () => {
  const result = await runCli(['check', '--target', serve.baseUrl, '--group-size', 'many']);
  expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining('must be a whole number from 2 to 5000') });
});
