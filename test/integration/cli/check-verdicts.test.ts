import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultProxy } from '../../support/fault-proxy';
import { PLANTED_FAULTS } from '../../support/planted-faults';
import { runCli, tempDir } from '../../support/cli';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * `check` opens its output, its JSON and its Markdown report with the verdict per IdP: here where an IdP
 * would fail, with one fault planted in front of a correct server (the engine's, in this process); the
 * verdicts of a clean run are checked with it in check.test.ts.
 */
const dir = tempDir();
let upstream: ScimTestServer;
beforeAll(async () => {
  upstream = await startScimServer();
});
afterAll(async () => {
  await upstream?.close();
  dir.remove();
});

it('names where an IdP would fail, in the lines, --json and the Markdown report', async () => {
  const fault = PLANTED_FAULTS.find((candidate) => candidate.description.startsWith('an enterprise attribute path without its URN'))!;
  const proxy = await startFaultProxy(upstream.origin, fault);
  const target = `${proxy.origin}${new URL(upstream.baseUrl).pathname}`;
  try {
    const lines = await runCli(['check', '--target', target, '--token', upstream.token, '--idp', 'all', '--group-size', '5']);
    expect(lines.code).toBe(1);
    expect(lines.stdout.split('\n').slice(0, 3)).toEqual([
      '✓ Okta would work with this server',
      '✗ Entra ID would fail at: Entra ID sends manager and department without the extension URN ("path": "manager")',
      '✓ OneLogin would work with this server',
    ]);

    // The lines above come from every check; the same verdict in --json and the Markdown report needs only Entra ID's
    // checks and the user they PATCH.
    const report = join(dir.path, 'verdicts.md');
    const json = await runCli([
      'check',
      '--target',
      target,
      '--token',
      upstream.token,
      '--idp',
      'entra',
      '--only',
      'users,entra',
      '--json',
      '--report',
      report,
    ]);
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
  const result = await runCli(['check', '--target', upstream.baseUrl, '--group-size', 'many']);
  expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining('must be a whole number from 2 to 5000') });
});
