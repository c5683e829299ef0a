import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe, tempDir, type ServeProcess } from '../../support/cli';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * `serve --proxy` in front of another workbench, end to end: the session recorded through it
 * replays against the upstream with exit 0 while it is unchanged, and 1 once it behaves differently.
 */
describe('scim-workbench serve --proxy', () => {
  const dir = tempDir();
  const db = join(dir.path, 'proxy.db');
  let upstream: ScimTestServer;
  let serve: ServeProcess | undefined;

  beforeAll(async () => {
    upstream = await startScimServer();
  });
  afterAll(async () => {
    serve?.child.kill('SIGKILL');
    await upstream?.close();
    dir.remove();
  });

  it('forwards to the upstream with its own token, and the recorded session replays against it as a regression test', async () => {
    serve = await startServe(['--db', db, '--quiet', '--proxy', upstream.baseUrl, '--upstream-token', upstream.token, '--upstream-timeout', '10000']);
    expect(serve.output()).toContain(`Proxy: forwards to ${upstream.baseUrl} (the upstream's own bearer credentials; timeout 10000 ms)`);
    expect(serve.output()).not.toContain(upstream.token);

    const send = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${serve!.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${serve!.token}`, ...(body !== undefined && { 'content-type': 'application/scim+json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    // A session that leaves the upstream as it found it, so it can be replayed again and again.
    const created = await send('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'grace@example.com', active: true });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await upstream.request('GET', `/Users/${id}`)).body.userName).toBe('grace@example.com');
    expect((await send('GET', `/Users?filter=userName%20eq%20%22grace%40example.com%22`)).body.totalResults).toBe(1);
    // Entra's capitalised op: the upstream accepts it in its current (auto) mode.
    const patched = await send('PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: false }],
    });
    expect(patched.status).toBe(200);
    expect((await send('DELETE', `/Users/${id}`)).status).toBe(204);

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    serve = undefined;

    const sessions = await runCli(['sessions', '--db', db]);
    expect(sessions.code).toBe(0);
    const sessionId = /^\s*(\d+)/m.exec(sessions.stdout)?.[1];
    expect(sessionId).toBeDefined();

    // Recorded with the observed versions, the upstream's token nowhere in what was recorded or exported.
    const file = new Database(db, { readonly: true });
    try {
      const recorded = file
        .prepare("SELECT group_concat(request || response || notes || coalesce(request_body, '') || coalesce(response_body, ''), '') FROM exchanges")
        .pluck()
        .get() as string;
      expect(recorded).toContain('grace@example.com');
      expect(recorded).not.toContain(upstream.token);
      expect(file.prepare('SELECT count(*) FROM resource_versions WHERE observed = 1').pluck().get()).toBe(3);
    } finally {
      file.close();
    }
    const exported = join(dir.path, 'proxied.json');
    expect((await runCli(['export', '--session', sessionId!, '--out', exported, '--db', db])).code).toBe(0);
    expect(readFileSync(exported, 'utf8')).toContain('grace@example.com');
    expect(readFileSync(exported, 'utf8')).not.toContain(upstream.token);

    const replay = ['replay', '--session', sessionId!, '--db', db, '--target', upstream.baseUrl, '--token', upstream.token];
    const unchanged = await runCli(replay);
    expect(unchanged.stdout).toMatch(/^4 matched, 0 differed, of 4 steps\.$/m);
    expect(unchanged.code).toBe(0);

    // The upstream changes: strict about Entra's capitalised op now.
    upstream.app.workbench.workspaces.configure('default', { compatibility: 'strict' });
    const changed = await runCli(replay);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^Step 3 PATCH \/Users\/\S+: status 400, recorded 200/m);
  });

  it('configures a workspace as a proxy from the CLI, warns about unverified TLS, and refuses bad options', async () => {
    const other = join(dir.path, 'other.db');
    expect((await runCli(['workspace', 'create', 'staging', '--db', other])).code).toBe(0);
    const configured = await runCli([
      'workspace',
      'configure',
      'staging',
      '--proxy',
      'https://staging.example.test/scim/v2',
      '--upstream-header',
      'X-Api-Key: very-secret-value',
      '--insecure-upstream-tls',
      '--db',
      other,
    ]);
    expect(configured.code).toBe(0);
    expect(JSON.parse(configured.stdout).proxy).toEqual({
      upstream: 'https://staging.example.test/scim/v2',
      auth: { mode: 'header', headerName: 'X-Api-Key' },
      insecureTls: true,
      connectTimeoutMs: 5000,
      timeoutMs: 30000,
      observeAfterWrite: false,
    });
    expect(configured.stdout + configured.stderr).not.toContain('very-secret-value');
    expect(configured.stderr).toContain("Warning: the upstream's TLS certificate is not verified");
    const list = await runCli(['workspace', 'list', '--db', other]);
    expect(list.stdout).toContain('staging\t/w/staging/scim/v2\tstaging\tproxy → https://staging.example.test/scim/v2');
    expect(list.stdout).toContain("Warning: the upstream's TLS certificate is not verified");

    // Changing one setting keeps the credentials; only --upstream-pass-through gives them up.
    const timeout = await runCli([
      'workspace',
      'configure',
      'staging',
      '--proxy',
      'https://staging.example.test/scim/v2',
      '--upstream-timeout',
      '5000',
      '--db',
      other,
    ]);
    expect(timeout.code, timeout.stderr).toBe(0);
    expect(JSON.parse(timeout.stdout).proxy).toMatchObject({ auth: { mode: 'header', headerName: 'X-Api-Key' }, timeoutMs: 5000 });
    const through = await runCli([
      'workspace',
      'configure',
      'staging',
      '--proxy',
      'https://staging.example.test/scim/v2',
      '--upstream-pass-through',
      '--db',
      other,
    ]);
    expect(JSON.parse(through.stdout).proxy).toMatchObject({ auth: { mode: 'pass-through' } });

    const local = await runCli(['workspace', 'configure', 'staging', '--local', '--db', other]);
    expect(local.code).toBe(0);
    expect(JSON.parse(local.stdout).proxy).toBeUndefined();

    expect(await runCli(['workspace', 'configure', 'staging', '--proxy', 'ftp://x/scim', '--db', other])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('proxy.upstream'),
    });
    expect(await runCli(['workspace', 'configure', 'staging', '--upstream-token', 't', '--db', other])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('go with --proxy'),
    });
    expect(
      await runCli(['workspace', 'configure', 'staging', '--proxy', 'http://x/scim/v2', '--upstream-token', 't', '--upstream-basic', 'a:b', '--db', other]),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Give one kind of upstream credentials'),
    });
    expect(await runCli(['replay', '--session', '99', '--db', other, '--target', 'http://127.0.0.1:9/scim/v2'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No session 99'),
    });
  });
});
