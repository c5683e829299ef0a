import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnCli, startServe, tempDir, type ServeProcess, killServe } from '../../support/cli';

/**
 * One running `serve` (not --quiet) for the tests that only talk to it, then stopped and started again on
 * its database by the tests about stopping and restarting.
 */
describe('scim-workbench serve, running', () => {
  const dir = tempDir();
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(['--db', join(dir.path, 'w.db')]);
  });
  afterAll(async () => {
    await killServe(serve);
    dir.remove();
  });

  it('prints the SCIM base URL and token, and serves SCIM with that token', async () => {
    expect(serve.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);

    const ok = await fetch(`${serve.baseUrl}/Users?startIndex=1&count=1`, {
      headers: { authorization: `Bearer ${serve.token}` },
    });
    expect(ok.status).toBe(200);
    const refused = await fetch(`${serve.baseUrl}/Users`, { headers: { authorization: 'Bearer wrong' } });
    expect(refused.status).toBe(401);
  });

  it('prints the admin API on its own loopback port with its own token, and it lists what SCIM recorded', async () => {
    // startServe returns at the "Token:" line; the admin lines follow it.
    await expect.poll(() => /^Admin token: \S+$/m.test(serve.output()), { timeout: 20_000, interval: 10 }).toBe(true);
    const adminUrl = /^Admin API: (\S+)/m.exec(serve.output())?.[1];
    const adminToken = /^Admin token: (\S+)$/m.exec(serve.output())?.[1];
    expect(adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(new URL(adminUrl!).port).not.toBe(new URL(serve.baseUrl).port);
    expect(adminToken).not.toBe(serve.token);
    // The inspector URL carries the admin token in its fragment, which browsers never send to a server.
    const inspector = /^Inspector: (\S+)$/m.exec(serve.output())?.[1];
    expect(inspector).toBe(`${adminUrl!.replace(/\/api$/, '')}/#token=${adminToken}`);
    expect((await fetch(inspector!)).headers.get('content-type')).toContain('text/html');
    await fetch(`${serve.baseUrl}/Users`, { headers: { authorization: `Bearer ${serve.token}` } });
    expect((await fetch(`${adminUrl}/exchanges`)).status).toBe(401);
    const listed = await fetch(`${adminUrl}/exchanges`, { headers: { authorization: `Bearer ${adminToken}` } });
    const body = (await listed.json()) as { items: { url: string }[] };
    expect(body.items.map((item) => item.url)).toContain('/scim/v2/Users');
  });

  it('logs one line per request without the token', async () => {
    await fetch(`${serve.baseUrl}/Users`, { headers: { authorization: `Bearer ${serve.token}` } });
    await expect.poll(() => serve.output()).toMatch(/GET \/scim\/v2\/Users → 200/);
    expect(serve.output().split(`Token: ${serve.token}`)[1]).not.toContain(serve.token);
  });

  it('explains a port that is already taken', async () => {
    const port = new URL(serve.baseUrl).port;
    const second = await spawnCli(['serve', '--port', port, '--db', join(dir.path, 'b.db')]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`Port ${port} is already in use`);
    // Said without a stack trace: a taken port is no fault of the engine.
    expect(second.stderr).not.toContain('"stack"');
    expect(second.stderr).toContain(`Engine failed to start: listen EADDRINUSE`);
  });

  it('changes nothing when it cannot start: a --token given to a serve that finds its port taken is not stored', async () => {
    const port = new URL(serve.baseUrl).port;
    const second = await spawnCli(['serve', '--port', port, '--db', join(dir.path, 'w.db'), '--token', 'never-stored']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Port ${port} is already in use`);
    // The serve already running keeps its token: the IdP using it is not cut off.
    expect((await fetch(`${serve.baseUrl}/Users`, { headers: { authorization: `Bearer ${serve.token}` } })).status).toBe(200);
    expect((await fetch(`${serve.baseUrl}/Users`, { headers: { authorization: 'Bearer never-stored' } })).status).toBe(401);
  });

  // It ends the serve the tests above share; the next one starts it again on the same database.
  it('stops cleanly on SIGTERM', async () => {
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.output()).toContain('shutting down');
  });

  it('keeps the generated token across restarts, stops cleanly on SIGINT (Ctrl-C), and --token replaces the token', async () => {
    const db = join(dir.path, 'w.db');
    const first = serve.token;
    serve = await startServe(['--db', db]);
    expect(serve.token).toBe(first);
    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);

    serve = await startServe(['--db', db, '--token', 'my-fixed-token']);
    expect(serve.token).toBe('my-fixed-token');
  });
});

describe('scim-workbench serve', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('exits with the reason, its port closed, when another process holds the database locked', async () => {
    const db = join(dir.path, 'locked.db');
    const made = await spawnCli(['workspace', 'list', '--db', db]);
    expect(made.code, made.stderr).toBe(0);
    const holder = new Database(db);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      // It must end by itself (spawnCli kills it and fails after 20 s): no open listener keeps it alive.
      const locked = await spawnCli(['serve', '--db', db, '--port', '0', '--admin-port', '0']);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('database is locked');
      expect(locked.stdout).not.toContain('SCIM base URL');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('refuses a --token with a space before it listens, and exits', async () => {
    // It must end by itself (spawnCli kills it and fails after 20 s).
    const result = await spawnCli(['serve', '--db', join(dir.path, 'token.db'), '--port', '0', '--admin-port', '0', '--token', 'a b']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('A token cannot be empty or contain spaces.');
    expect(result.stdout).not.toContain('SCIM base URL');
  });

  it('rejects an invalid port with a message', async () => {
    const result = await spawnCli(['serve', '--port', 'abc', '--db', join(dir.path, 'w.db')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--port.*0 to 65535/s);
  });
});
