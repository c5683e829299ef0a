import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI, childEnv, runCli, startServe, tempDir, type ServeProcess, killServe } from '../../support/cli';

describe('scim-workbench commands', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it.each(['', 'serve', 'token', 'workspace', 'workspace create'])('"scim-workbench %s --help" prints usage', async (command) => {
    const result = await runCli([...command.split(' ').filter(Boolean), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: scim-workbench');
  });

  it('"replay --help" and "check --help" show defaults as a user types them, not internal values', async () => {
    const result = await runCli(['replay', '--help']);
    expect(result.stdout).toMatch(/requests per second \(default:\s+fast\)/);
    expect(result.stdout).not.toContain('{"');
    const check = await runCli(['check', '--help']);
    expect(check.stdout).toMatch(/--idp <okta\|entra\|onelogin\|all>\s+whose expectations to check besides the\s+common ones \(default: all\)/);
    expect(check.stdout).not.toContain('["');
  });

  it('refuses a --delay that is not a whole number of milliseconds, where it used to run with none', async () => {
    for (const delay of ['abc', '-5', '1.5', '']) {
      const result = await runCli(['simulate', '--target', 'http://127.0.0.1:9/scim/v2', '--token', 'x', '--delay', delay]);
      expect(result.code, delay).toBe(1);
      expect(result.stderr).toContain('must be a whole number of milliseconds from 0 to 3600000');
    }
  });

  it('stops quietly when the reader of its output leaves (`| head`), without an EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [CLI, 'workspace', 'list', '--db', join(dir.path, 'w.db')], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((closed) => child.on('close', closed));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('refuses a --db that names no file for the commands that only read, instead of making an empty database there', async () => {
    const typo = join(dir.path, 'no-such-folder', 'typo.db');
    for (const command of [['sessions'], ['export'], ['mappings', 'export'], ['app-view']]) {
      const result = await runCli([...command, '--db', typo]);
      expect(result.code, command.join(' ')).toBe(1);
      expect(result.stderr).toContain(`No database at ${typo}: nothing was recorded there.`);
    }
    expect(existsSync(dirname(typo))).toBe(false);
  });

  it('an unknown command fails with a hint', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it('token for an unknown workspace says how to list them', async () => {
    const result = await runCli(['token', '--workspace', 'nope', '--db', join(dir.path, 'w.db')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No workspace named "nope"');
  });

  it('a database from a newer version is refused with a clear message', async () => {
    const db = join(dir.path, 'w.db');
    expect((await runCli(['token', '--db', db])).code).toBe(0);
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(db);
    raw.pragma('user_version = 999');
    raw.close();
    const result = await runCli(['token', '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('newer SCIM Workbench');
  });
});

/**
 * One running `serve` whose database other CLI processes change: the server sees each change at its
 * next request. The workspace test comes first: it reads with the default workspace's token as printed
 * at start, which the token test then replaces.
 */
describe('scim-workbench commands beside a running serve', () => {
  const dir = tempDir();
  const db = join(dir.path, 'w.db');
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(['--db', db, '--quiet']);
  });
  afterAll(async () => {
    await killServe(serve);
    dir.remove();
  });

  it('workspace create/list/delete, each workspace with its own token and path', async () => {
    const created = await runCli(['workspace', 'create', 'entra', '--db', db]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('SCIM path: /w/entra/scim/v2');
    const entraToken = /^Token: (\S+)$/m.exec(created.stdout)![1]!;

    const origin = new URL(serve.baseUrl).origin;
    const inEntra = await fetch(`${origin}/w/entra/scim/v2/Users`, { headers: { authorization: `Bearer ${entraToken}` } });
    expect(inEntra.status).toBe(200);
    // The default workspace's token, good on its own path, is refused on another workspace's.
    expect((await fetch(`${serve.baseUrl}/Users`, { headers: { authorization: `Bearer ${serve.token}` } })).status).toBe(200);
    const crossed = await fetch(`${origin}/w/entra/scim/v2/Users`, { headers: { authorization: `Bearer ${serve.token}` } });
    expect(crossed.status).toBe(401);

    const listed = await runCli(['workspace', 'list', '--db', db]);
    expect(listed.stdout).toMatch(/^default\t\/scim\/v2/m);
    expect(listed.stdout).toMatch(/^entra\t\/w\/entra\/scim\/v2/m);

    const duplicate = await runCli(['workspace', 'create', 'entra', '--db', db]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
    const invalid = await runCli(['workspace', 'create', 'Bad Name!', '--db', db]);
    expect(invalid.stderr).toContain('not a valid workspace name');

    expect((await runCli(['workspace', 'delete', 'entra', '--db', db])).code).toBe(0);
    const gone = await fetch(`${origin}/w/entra/scim/v2/Users`, { headers: { authorization: `Bearer ${entraToken}` } });
    expect(gone.status).toBe(404);
    const defaultDelete = await runCli(['workspace', 'delete', 'default', '--db', db]);
    expect(defaultDelete.stderr).toContain('cannot be deleted');
  });

  it('token --regenerate revokes the old token of a running server at once', async () => {
    const regenerated = await runCli(['token', '--regenerate', '--db', db]);
    expect(regenerated.code).toBe(0);
    const newToken = /^Token: (\S+)$/m.exec(regenerated.stdout)?.[1];
    expect(newToken).toBeDefined();
    expect(newToken).not.toBe(serve.token);

    const old = await fetch(`${serve.baseUrl}/Users`, { headers: { authorization: `Bearer ${serve.token}` } });
    expect(old.status).toBe(401);
    const fresh = await fetch(`${serve.baseUrl}/Users`, { headers: { authorization: `Bearer ${newToken}` } });
    expect(fresh.status).toBe(200);

    const shown = await runCli(['token', '--db', db]);
    expect(shown.stdout).toContain(`Token: ${newToken}`);
  });
});
