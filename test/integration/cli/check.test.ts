import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/engine/conformance/checks';
import { startBrokenScimServer } from '../../support/broken-scim-server';
import { runCli, startServe, tempDir, type CliResult, type ServeProcess } from '../../support/cli';

/** `scim-workbench check` against `serve` (exit 0) and a broken server (exit 1, failures named, notes and skips said). */
const dir = tempDir();
let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--db', join(dir.path, 'check.db'), '--quiet']);
});
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await serve.exited;
  dir.remove();
});

describe('scim-workbench check', () => {
  it('passes against the workbench for every IdP: the verdicts first, then the checks, progress on stderr; and writes a Markdown report', async () => {
    const report = join(dir.path, 'check.md');
    const result = await runCli(['check', '--target', serve.baseUrl, '--token', serve.token, '--idp', 'all', '--group-size', '6', '--report', report]);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      '✓ Okta would work with this server',
      '✓ Entra ID would work with this server',
      '✓ OneLogin would work with this server',
    ]);
    expect(result.stdout).toMatch(/^\d+ passed, 0 failed, 0 skipped\.$/m);
    expect(result.stdout).toContain('✓ [1/');
    expect(result.stderr).toMatch(/^\[1\/\d+\] pass /m);
    expect(result.code).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain('# SCIM conformance check');
  }, 90_000);

  it('--only runs the checks it names, by family or by id, and refuses a name that matches no check it would run', async () => {
    const result = await runCli([
      'check',
      '--target',
      serve.baseUrl,
      '--token',
      serve.token,
      '--idp',
      'okta',
      '--only',
      'users',
      '--only',
      'okta.test-connection',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { only: string[]; passed: number; results: { id: string }[] };
    expect(report.only).toEqual(['users', 'okta.test-connection']);
    const users = CHECKS.filter((check) => check.id.startsWith('users.')).map((check) => check.id);
    expect(users.length).toBeGreaterThan(1);
    expect(report.results.map((checked) => checked.id)).toEqual([...users, 'okta.test-connection']);
    expect(report.passed).toBe(users.length + 1);

    expect(await runCli(['check', '--target', serve.baseUrl, '--token', serve.token, '--only', 'user,discovery'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('--only: no check or family named "user". The families: discovery, auth, errors, users,'),
    });
    expect(await runCli(['check', '--target', serve.baseUrl, '--token', serve.token, '--idp', 'okta', '--only', 'entra'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('--only entra chooses no check that runs for --idp okta'),
    });
  });

  it('refuses a --report it could not write before running any check: a missing folder, or a folder', async () => {
    const missing = join(dir.path, 'no-such-folder', 'r.md');
    for (const [report, message] of [
      [missing, `--report ${missing}: the folder ${dirname(missing)} does not exist.`],
      [dir.path, `--report ${dir.path} is a folder: give a file name.`],
    ] as const) {
      const result = await runCli(['check', '--target', serve.baseUrl, '--token', serve.token, '--report', report]);
      expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining(message) });
      // Refused at once: no check ran, so no progress line was written.
      expect(result.stderr).not.toMatch(/\d+\/\d+/);
      expect(result.stdout).toBe('');
    }
  });

  it('refuses an unknown IdP', async () => {
    expect(await runCli(['check', '--target', serve.baseUrl, '--idp', 'ping'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('must be okta, entra, onelogin or all'),
    });
  });

  // Third-party data: Okta's SPEC test export, present only where ../shared/conformance exists.
  const runscope = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'conformance', 'okta-scim-20-spec-test.runscope.json');
  it.skipIf(!existsSync(runscope))(
    `--runscope runs Okta's SPEC test export from ../shared/conformance${existsSync(runscope) ? '' : ' (skipped: absent)'}`,
    async () => {
      // Its Users steps read the first user's name and active; its Groups step expects a group.
      await fetch(`${serve.baseUrl}/Groups`, {
        method: 'POST',
        headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Seed' }),
      });
      await fetch(`${serve.baseUrl}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'seed@example.com',
          name: { givenName: 'Seed', familyName: 'User' },
          emails: [{ value: 'seed@example.com', primary: true }],
          active: true,
        }),
      });
      const markdown = join(dir.path, 'runscope.md');
      const result = await runCli([
        'check',
        '--target',
        serve.baseUrl,
        '--token',
        serve.token,
        '--idp',
        'okta',
        // The export is what this test is about: of the named checks beside it only the discovery family runs.
        '--only',
        'discovery',
        '--runscope',
        runscope,
        '--json',
        '--report',
        markdown,
      ]);
      const report = JSON.parse(result.stdout) as {
        failed: number;
        runscope: {
          file: string;
          summary: { steps: { failed: number }; assertions: { passed: number; failed: number }; timing: { passed: number; failed: number } };
          steps: { index: number; failures: string[] }[];
        };
      };
      expect(report.failed).toBe(0);
      expect(report.runscope.file).toBe(runscope);
      // Every assertion of the export is evaluated and counted: 78 on the answers and step 16's script assert, 13 on timing (shown, never failing a step).
      expect(report.runscope.summary.assertions.passed + report.runscope.summary.assertions.failed).toBe(79);
      expect(report.runscope.summary.timing.passed + report.runscope.summary.timing.failed).toBe(13);
      // The one suite quirk (see test/conformance/okta-runscope-spec.test.ts) fails here as it does on Runscope, so check exits 1.
      expect(report.runscope.steps.filter((step) => step.failures.length > 0)).toEqual([
        expect.objectContaining({ index: 6, failures: ['Resources[0].emails.value has_value (got undefined)'] }),
      ]);
      expect(result.code).toBe(1);
      expect(readFileSync(markdown, 'utf8')).toMatch(
        /## Runscope export .*\n\n1 of 16 steps failed; assertions 78 passed, 1 failed; timing \d+ within, \d+ over their limit/,
      );
    },
  );
});

/**
 * One run against the broken test server, which gets creates' status and content type wrong and declares
 * neither sort, etag nor bulk: its lines and its JSON report (--report) are read by each test.
 */
describe('scim-workbench check against a broken server', () => {
  const json = join(dir.path, 'broken.json');
  let broken: { baseUrl: string; close: () => Promise<void> };
  let result: CliResult;
  beforeAll(async () => {
    broken = await startBrokenScimServer('t');
    result = await runCli(['check', '--target', broken.baseUrl, '--token', 't', '--idp', 'okta', '--report', json]);
  });
  afterAll(async () => {
    await broken?.close();
  });

  it('exits 1, naming each failure and what the IdP would do', () => {
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { failed: number; results: { id: string; status: string; consequence: string }[] };
    expect(report.results.find((r) => r.id === 'users.create')).toMatchObject({
      status: 'fail',
      consequence: expect.stringContaining('Okta and Entra ID mark the assignment failed'),
    });
    expect(report.failed).toBeGreaterThan(0);
  });

  it('prints the notes of passing checks and the reasons of skipped ones', () => {
    expect(result.stdout).toMatch(
      /^✓ \[\d+\/\d+\] sortBy=userName&sortOrder=ascending sorts A to Z \(when sort is declared\)\n {4}note: ServiceProviderConfig declares sort unsupported: the order was not checked \(the server answered 200\)\.$/m,
    );
    expect(result.stdout).toMatch(
      /^– \[\d+\/\d+\] GET answers an ETag header equal to meta\.version\n {4}Skipped: ServiceProviderConfig declares etag unsupported\.$/m,
    );
  });
});
