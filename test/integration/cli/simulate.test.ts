import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, childEnv, runCli, startServe, tempDir, type ServeProcess } from '../../support/cli';

/** `simulate` against a running `serve`, and `demo` filling its own demo workspace. */
const dir = tempDir();
let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--db', join(dir.path, 'sim.db'), '--quiet']);
});
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await serve.exited;
  dir.remove();
});

describe('scim-workbench simulate', () => {
  it('provisions the seeded people the way Entra ID does, exit 0', async () => {
    const result = await runCli([
      'simulate',
      '--idp',
      'entra',
      '--scenario',
      'assign-users',
      '--users',
      '4',
      '--seed',
      '3',
      '--target',
      serve.baseUrl,
      '--token',
      serve.token,
    ]);
    expect(result.stdout).toContain('entra assign-users:');
    expect(result.stdout).toContain('users created 4');
    expect(result.code).toBe(0);
    const users = (await (await fetch(`${serve.baseUrl}/Users`, { headers: { authorization: `Bearer ${serve.token}` } })).json()) as {
      totalResults: number;
      Resources: { externalId?: string }[];
    };
    expect(users.totalResults).toBe(4);
    expect(users.Resources.every((user) => typeof user.externalId === 'string')).toBe(true);
  });

  it('exits 1 with the failures listed when the target refuses, and with a message for bad options', async () => {
    const refused = await runCli(['simulate', '--idp', 'okta', '--scenario', 'deactivate', '--users', '2', '--target', serve.baseUrl, '--token', 'wrong']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/Failed: create \S+ → 401/);
    expect(await runCli(['simulate', '--idp', 'ping', '--scenario', 'full', '--target', serve.baseUrl])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('must be one of okta, entra, onelogin'),
    });
    expect(await runCli(['simulate', '--idp', 'okta', '--scenario', 'everything', '--target', serve.baseUrl])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('must be one of assign-users'),
    });
    expect(await runCli(['simulate', '--idp', 'okta', '--scenario', 'full', '--target', 'nowhere'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('is not a URL'),
    });
  });
});

describe('scim-workbench demo', () => {
  it('explains a port that is already taken', async () => {
    const taken = new URL(serve.baseUrl).port;
    const result = await runCli(['demo', '--users', '1', '--port', taken, '--db', join(dir.path, 'demo-busy.db')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Port ${taken} is already in use. Stop the other process or pass --port <another port>`);
    expect(result.stderr).not.toContain('listen EADDRINUSE');
  });

  it('fills a demo workspace through the full scenario, then serves until stopped', async () => {
    const child = spawn(process.execPath, [CLI, 'demo', '--users', '3', '--delay', '0', '--db', join(dir.path, 'demo.db')], { env: childEnv() });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await expect.poll(() => output.includes('Done.'), { timeout: 30_000, interval: 50 }).toBe(true);
      expect(output).toContain('okta full:');
      const baseUrl = /^SCIM base URL: (\S+)$/m.exec(output)![1]!;
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/w\/demo\/scim\/v2$/);
      expect(output).toMatch(/^Workspace: demo$/m);
      // The printed token is the demo workspace's: its users are listed with it, and only there.
      const token = /^Token: (\S+)$/m.exec(output)![1]!;
      const users = await fetch(`${baseUrl}/Users`, { headers: { authorization: `Bearer ${token}` } });
      expect(users.status).toBe(200);
      expect(((await users.json()) as { totalResults: number }).totalResults).toBeGreaterThan(0);
      expect((await fetch(`${new URL(baseUrl).origin}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      // The inspector opens on the demo workspace, the admin token still in the fragment.
      expect(output).toMatch(/^Inspector: http:\/\/127\.0\.0\.1:\d+\/\?workspace=demo#token=\S+$/m);
      expect(output).toContain('Okta never deletes users');
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
