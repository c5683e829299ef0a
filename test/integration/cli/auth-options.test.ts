import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe, tempDir, type ServeProcess } from '../../support/cli';

/**
 * The credentials options `check`, `simulate` and `replay` share, against `serve` whose default
 * workspace `workspace configure --auth` switches between modes (the listener reads the mode per
 * request, so another process's change applies at once).
 */
const dir = tempDir();
const db = join(dir.path, 'auth.db');
let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--db', db, '--quiet']);
});
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await serve.exited;
  dir.remove();
});

const configure = async (...args: string[]) => {
  const result = await runCli(['workspace', 'configure', 'default', '--db', db, ...args]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).auth;
};

describe('workspace configure --auth', () => {
  it('sets the mode and its fields, and refuses a wrong value naming it', async () => {
    expect(await configure('--auth', 'oauth', '--client-id', 'okta-app', '--token-lifetime', '120')).toMatchObject({
      mode: 'oauth',
      clientId: 'okta-app',
      tokenLifetimeSeconds: 120,
    });
    const wrong = await runCli(['workspace', 'configure', 'default', '--db', db, '--token-lifetime', 'soon']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('auth.tokenLifetimeSeconds');
    const mode = await runCli(['workspace', 'configure', 'default', '--db', db, '--auth', 'saml']);
    expect(mode.stderr).toContain('auth.mode');
  });
});

/**
 * What the credentials options change is how each request authenticates: `check` runs the auth checks and
 * the users family (requests that write with the credentials), not every family a second and third time
 * (test/integration/engine/conformance/auth-mode-checks.test.ts runs them all in each mode).
 */
describe('check and simulate in each mode', () => {
  it('oauth: --client-id and --client-secret, the token endpoint found under --target', async () => {
    await configure('--auth', 'oauth', '--client-id', 'okta-app');
    const check = await runCli([
      'check',
      '--target',
      serve.baseUrl,
      '--client-id',
      'okta-app',
      '--client-secret',
      serve.token,
      '--idp',
      'okta',
      '--only',
      'auth,users',
      '--json',
    ]);
    expect(check.code, check.stderr).toBe(0);
    const report = JSON.parse(check.stdout) as { failed: number; results: { id: string; status: string }[] };
    expect(report.results.filter((result) => result.id.startsWith('auth.oauth')).map((result) => result.status)).toEqual(['pass', 'pass', 'pass']);
    expect(report.results.filter((result) => result.id.startsWith('users.')).map((result) => result.status)).toContain('pass');
    expect(check.stdout).not.toContain(serve.token);
    const simulate = await runCli([
      'simulate',
      '--idp',
      'okta',
      '--scenario',
      'assign-users',
      '--users',
      '2',
      '--seed',
      '7',
      '--target',
      serve.baseUrl,
      '--client-id',
      'okta-app',
      '--client-secret',
      serve.token,
      '--oauth-token-url',
      `${serve.baseUrl}/oauth/token`,
    ]);
    expect(simulate.code, simulate.stdout + simulate.stderr).toBe(0);
    expect(simulate.stdout).toContain('users created 2');
  }, 60_000);

  it('basic and header: --basic user:password and --header "Name: value"', async () => {
    await configure('--auth', 'basic', '--auth-username', 'okta');
    const basic = await runCli(['check', '--target', serve.baseUrl, '--basic', `okta:${serve.token}`, '--idp', 'okta', '--only', 'auth,users']);
    expect(basic.code, basic.stdout).toBe(0);
    expect(basic.stdout).toContain('Wrong credentials of the kind in use');
    expect(basic.stdout).toMatch(/^✓ \[\d+\/\d+\] POST \/Users creates a user/m);
    await configure('--auth', 'header', '--auth-header', 'X-Api-Key');
    const header = await runCli([
      'simulate',
      '--idp',
      'entra',
      '--scenario',
      'assign-users',
      '--users',
      '1',
      '--seed',
      '8',
      '--target',
      serve.baseUrl,
      '--header',
      `X-Api-Key: ${serve.token}`,
    ]);
    expect(header.code, header.stdout + header.stderr).toBe(0);
    // The wrong kind fails, with the workspace's expectation in the failure.
    const bearer = await runCli(['check', '--target', serve.baseUrl, '--token', serve.token, '--idp', 'okta', '--only', 'users']);
    expect(bearer.code).toBe(1);
    expect(bearer.stdout).toContain('This workspace uses a custom HTTP header');
    await configure('--auth', 'bearer');
  }, 60_000);

  it('refuses a mix of kinds and incomplete credentials with a clear message, in each command alike', async () => {
    for (const [args, message] of [
      [['--token', 't', '--basic', 'u:p'], 'Give one kind of credentials'],
      [['--client-id', 'x'], 'need both --client-id and --client-secret'],
      [['--basic', 'nocolon'], '--basic takes user:password'],
      [['--header', 'no colon here'], '--header takes "Name: value"'],
      [['--client-id', 'x', '--client-secret', 'y', '--oauth-token-url', 'ftp://x'], 'is not an http(s) URL'],
    ] as const) {
      const result = await runCli(['check', '--idp', 'okta', '--target', serve.baseUrl, ...args]);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
    // The same parser in simulate and replay.
    const simulate = await runCli(['simulate', '--idp', 'okta', '--scenario', 'full', '--target', serve.baseUrl, '--client-id', 'x']);
    expect(simulate.stderr).toContain('need both --client-id and --client-secret');
    const replayFile = join(dir.path, 'one.json');
    writeFileSync(
      replayFile,
      JSON.stringify({
        log: {
          version: '1.2',
          creator: { name: 't', version: '1' },
          entries: [
            {
              startedDateTime: '2026-12-01T10:00:00.000Z',
              time: 1,
              request: { method: 'GET', url: 'https://x.example/scim/v2/Users', headers: [] },
              response: { status: 200, headers: [], content: { mimeType: 'application/json', text: '{}' } },
            },
          ],
        },
      }),
    );
    const replay = await runCli(['replay', replayFile, '--target', serve.baseUrl, '--token', 't', '--header', 'X-Api-Key: y']);
    expect(replay.stderr).toContain('Give one kind of credentials');
    // Okta's Runscope export sends a bearer token: Basic credentials cannot run it.
    const runscope = await runCli(['check', '--idp', 'okta', '--target', serve.baseUrl, '--basic', 'u:p', '--runscope', replayFile]);
    expect(runscope.code).not.toBe(0);
    expect(runscope.stderr).toContain('--runscope and --postman send a bearer token');
  }, 120_000);
});
