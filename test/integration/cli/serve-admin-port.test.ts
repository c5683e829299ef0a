import { readFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, startServe, tempDir, type ServeProcess, killServe } from '../../support/cli';
import { onPortFreeAMomentAgo } from '../../support/ports';

/**
 * `serve`'s admin listener (the inspector's): a port of the user's choice or the one remembered in
 * the database, the admin token kept across restarts so an open tab reconnects, and a Ctrl-C that
 * does not wait for the tab's live feed to end.
 */
describe('scim-workbench serve: the admin listener', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: ServeProcess | undefined;
  const blockers: Server[] = [];
  const held: ClientRequest[] = [];
  beforeAll(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    for (const connection of held.splice(0)) connection.destroy();
    for (const blocker of blockers.splice(0)) await new Promise((resolve) => blocker.close(resolve));
    await killServe(serve);
    serve = undefined;
  });
  afterAll(() => {
    dir.remove();
  });

  const db = () => join(dir.path, 'w.db');

  /** startServe returns at the "Token:" line; the admin lines follow it. */
  async function adminOf(running: ServeProcess) {
    await expect.poll(() => running.output(), { timeout: 10_000 }).toMatch(/^Admin token: \S+$/m);
    const output = running.output();
    const line = (pattern: RegExp) => pattern.exec(output)?.[1] ?? '';
    const url = line(/^Admin API: (\S+)/m);
    return { url, port: Number(new URL(url).port), token: line(/^Admin token: (\S+)$/m), inspector: line(/^Inspector: (\S+)$/m) };
  }

  async function stop(running: ServeProcess) {
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }

  /** Listens on the port (0: a free one the system picks) until the test ends. */
  async function occupy(port: number): Promise<Server> {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    blockers.push(blocker);
    return blocker;
  }

  /**
   * Starts serve with `--admin-port` set to a port that was free a moment ago. Another process may
   * take it before serve listens (nothing can hold a port for another process): serve then says the
   * port is in use, and another one is tried.
   */
  async function serveOnChosenAdminPort(args: string[]): Promise<{ running: ServeProcess; port: number }> {
    return onPortFreeAMomentAgo(
      async (port) => ({ running: await startServe([...args, '--admin-port', String(port)]), port }),
      (error) => /Admin port \d+ is already in use/.test((error as Error).message),
    );
  }

  /** A live feed held open like a browser tab's EventSource: the client never closes it. */
  function openFeed(admin: { url: string; token: string }): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const feed = request(`${admin.url}/feed?token=${admin.token}`, (response) => {
        response.once('data', () => resolve(response));
      });
      feed.on('error', reject);
      feed.end();
      held.push(feed);
    });
  }

  /**
   * Restarts on one database, each test going on from where the one before it left the database: the
   * admin port and token the database remembers (`remembered`) are those of the last start without
   * --admin-port. Each restart follows the stop at once, as a user's would.
   */
  describe('across restarts on one database', () => {
    let remembered: { port: number; token: string };

    it('keeps the admin port, token and inspector URL of the first start for the next start on the same database', async () => {
      serve = await startServe(['--db', db(), '--quiet']);
      const first = await adminOf(serve);
      await stop(serve);

      serve = await startServe(['--db', db(), '--quiet']);
      const second = await adminOf(serve);
      expect(second.inspector).toBe(first.inspector);
      expect(second.token).toBe(first.token);
      expect((await fetch(`${second.url}/info`, { headers: { authorization: `Bearer ${first.token}` } })).status).toBe(200);
      await stop(serve);
      remembered = { port: first.port, token: first.token };

      // Another database is another installation: its own port and token.
      serve = await startServe(['--db', join(dir.path, 'other.db'), '--quiet']);
      const other = await adminOf(serve);
      expect(other.token).not.toBe(first.token);
      expect(other.port).not.toBe(first.port);
      await stop(serve);
    });

    it('listens on --admin-port, and does not remember a port given with it', async () => {
      const chosen = await serveOnChosenAdminPort(['--db', db(), '--quiet']);
      serve = chosen.running;
      const admin = await adminOf(serve);
      expect(admin.url).toBe(`http://127.0.0.1:${chosen.port}/api`);
      expect((await fetch(`${admin.url}/info`, { headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(200);
      await stop(serve);

      serve = await startServe(['--db', db(), '--quiet']);
      expect((await adminOf(serve)).port).toBe(remembered.port);
      await stop(serve);
    });

    it('--new-admin-token replaces the remembered admin token, and the new one is kept', async () => {
      serve = await startServe(['--db', db(), '--quiet', '--new-admin-token']);
      const rotated = await adminOf(serve);
      expect(rotated.token).not.toBe(remembered.token);
      expect(rotated.port).toBe(remembered.port);
      expect((await fetch(`${rotated.url}/info`, { headers: { authorization: `Bearer ${remembered.token}` } })).status).toBe(401);
      await stop(serve);

      serve = await startServe(['--db', db(), '--quiet']);
      expect((await adminOf(serve)).token).toBe(rotated.token);
      await stop(serve);
      remembered = { ...remembered, token: rotated.token };
    });

    it('takes another port when the remembered one is busy, says so, and keeps the new one', async () => {
      const blocker = await occupy(remembered.port);
      serve = await startServe(['--db', db(), '--quiet']);
      const second = await adminOf(serve);
      expect(second.port).not.toBe(remembered.port);
      expect(second.token).toBe(remembered.token);
      expect(serve.output()).toContain(`Admin port ${remembered.port} (remembered from the last start) is in use; the inspector moved to port ${second.port}`);
      await stop(serve);
      await new Promise((resolve) => blocker.close(resolve));

      serve = await startServe(['--db', db(), '--quiet']);
      const third = await adminOf(serve);
      // The new port is the one remembered now. Ephemeral ports are shared with every test running
      // beside this one: when another took it meanwhile, the message names it as the remembered one.
      if (third.port !== second.port) expect(serve.output()).toContain(`Admin port ${second.port} (remembered from the last start) is in use`);
    });
  });

  it('names --admin-port when the port asked for is in use', async () => {
    const { port } = (await occupy(0)).address() as AddressInfo;
    const result = await spawnCli(['serve', '--port', '0', '--db', join(dir.path, 'busy.db'), '--admin-port', String(port)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Admin port ${port} is already in use. Stop the other process or pass --admin-port <another port> (0 picks a free one).`);
  });

  it('rejects an --admin-port that is not a port', async () => {
    for (const value of ['abc', '70000', '-1', '80.5']) {
      const result = await spawnCli(['serve', '--port', '0', '--db', join(dir.path, 'bad.db'), '--admin-port', value]);
      expect(result.code, value).toBe(1);
      expect(result.stderr, value).toMatch(/--admin-port.*0 to 65535/s);
    }
  });

  it('never writes the admin token to the log, and exits on Ctrl-C at once while an inspector tab holds the live feed and idle connections stay open', async () => {
    serve = await startServe(['--db', join(dir.path, 'tab.db')]);
    const admin = await adminOf(serve);
    const feed = await openFeed(admin);
    expect(feed.statusCode).toBe(200);
    const feedEnded = new Promise((resolve) => feed.on('close', resolve));
    expect((await fetch(`${admin.url}/feed?token=wrong-${admin.token}`)).status).toBe(401);
    expect((await fetch(`${admin.url}/exchanges?token=${admin.token}`)).status).toBe(401);
    // An IdP's idle keep-alive connection to the SCIM listener, and one to the admin API.
    const keepAlive = { agent: new (await import('node:http')).Agent({ keepAlive: true }) };
    await new Promise<void>((resolve) =>
      request(`${serve!.baseUrl}/Users`, { ...keepAlive, headers: { authorization: `Bearer ${serve!.token}` } }, (response) =>
        response.resume().on('end', resolve),
      ).end(),
    );
    await new Promise<void>((resolve) =>
      request(`${admin.url}/info`, { ...keepAlive, headers: { authorization: `Bearer ${admin.token}` } }, (response) =>
        response.resume().on('end', resolve),
      ).end(),
    );

    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);
    expect(serve.output()).toContain('SIGINT: shutting down');
    // The engine ended the feed; the client never did.
    await feedEnded;
    keepAlive.agent.destroy();

    const logFile = /^Log: (.+)$/m.exec(serve.output())?.[1] ?? '';
    expect(readFileSync(logFile, 'utf8')).not.toContain(admin.token);
    // The two lines that print it on purpose, and nowhere else (stderr carries the log as JSON).
    const printed = serve
      .output()
      .split('\n')
      .filter((line) => line.includes(admin.token));
    expect(printed.map((line) => line.split(':')[0])).toEqual(['Inspector', 'Admin token']);
  });
});
