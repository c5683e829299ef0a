import { EventEmitter } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../../src/engine/engine';
import { AdminCalls } from '../../../src/main/admin-calls';
import { startEngineProcess, type EngineChild } from '../../../src/main/engine-host';
import type { FromEngine, ToEngine } from '../../../src/main/engine-messages';
import { serveEngineOver } from '../../../src/main/engine-process';
import { describeStartFailure } from '../../../src/main/engine-lifecycle';
import { tempDir } from '../../support/cli';

/**
 * The main process's side (engine-host) and the utility process's side (engine-process) talking
 * through an in-memory port pair, with the real engine: what Electron's utilityProcess carries.
 */
const dir = tempDir();
afterAll(() => dir.remove());

function connectedChild(start = startEngine, options: { exitOnStop?: boolean } = {}) {
  const toMain = new EventEmitter();
  const toEngine = new EventEmitter();
  let killed = false;
  const child: EngineChild = {
    postMessage: (message: ToEngine) => void setImmediate(() => toEngine.emit('message', { data: structuredClone(message) })),
    on: ((event: string, listener: (...args: unknown[]) => void) => toMain.on(event, listener)) as EngineChild['on'],
    kill: () => ((killed = true), toMain.emit('exit', 9), true),
  };
  serveEngineOver(
    {
      on: (_event, listener) => toEngine.on('message', listener),
      postMessage: (message: FromEngine) => void setImmediate(() => toMain.emit('message', structuredClone(message))),
    },
    start,
    (code) => {
      if (options.exitOnStop !== false) setImmediate(() => toMain.emit('exit', code));
    },
  );
  return { child, wasKilled: () => killed };
}

async function readFileText(exported: { saveTo(path: string): Promise<void> }, path: string): Promise<string> {
  await exported.saveTo(path);
  return readFileSync(path, 'utf8');
}

describe('engine in its own process', () => {
  it('starts, serves SCIM and the admin API, runs the File menu actions, and stops cleanly', async () => {
    const { child } = connectedChild();
    const engine = await startEngineProcess(() => child, { dbPath: join(dir.path, 'desktop.db'), port: 0 });
    expect(engine.scimBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(engine.logFile).toBe(join(dir.path, 'logs', 'workbench.log'));
    const scim = await fetch(`${engine.scimBaseUrl}/Users`, { headers: { authorization: `Bearer ${engine.token}` } });
    expect(scim.status).toBe(200);

    const admin = new AdminCalls(engine);
    const session = await admin.newSession('From the menu');
    await fetch(`${engine.scimBaseUrl}/Groups`, { headers: { authorization: `Bearer ${engine.token}` } });
    expect((await admin.currentSession())?.id).toBe(session.id);
    const exported = await admin.exportSession(session.id, 'har');
    expect(exported.fileName).toBe('From-the-menu.har');
    const saved = join(dir.path, exported.fileName);
    await exported.saveTo(saved);
    expect(statSync(saved).mode & 0o777).toBe(0o600);
    const imported = await admin.importSession(readFileSync(saved, 'utf8'));
    expect(imported).toMatchObject({ imported: true, exchangeCount: 1 });
    // Cancelled in the save dialog: the download is dropped, and the next export works.
    await (await admin.exportSession(session.id, 'json')).discard();
    expect(JSON.parse(await readFileText(await admin.exportSession(session.id, 'json'), join(dir.path, 'again.json'))).exchanges).toHaveLength(1);
    await expect(admin.importSession('not json')).rejects.toThrow('not JSON');
    await expect(admin.importSession('{"log": {}}')).rejects.toThrow('log.entries is missing');

    await engine.close();
    await expect(fetch(`${engine.scimBaseUrl}/Users`)).rejects.toThrow();
  });

  it('reports a taken port with its code, so the dialog can say what to do', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { child } = connectedChild();
      const failure = await startEngineProcess(() => child, { dbPath: join(dir.path, 'taken.db'), port }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'EADDRINUSE' });
      expect(describeStartFailure(failure, port).title).toBe(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('reports a file that is not a database with its SQLite code and a dialog that says what to do', async () => {
    const dbPath = join(dir.path, 'garbage.db');
    writeFileSync(dbPath, 'this is not a SQLite database, just text long enough to be read as a header '.repeat(20));
    const { child } = connectedChild();
    const failure = await startEngineProcess(() => child, { dbPath, port: 0 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'SQLITE_NOTADB' });
    expect(describeStartFailure(failure).title).toBe('The database file is damaged');
  });

  it('fails clearly when the process ends before it is ready, and kills one that does not stop', async () => {
    const early = connectedChild(() => new Promise(() => {}));
    const pending = startEngineProcess(() => early.child, { dbPath: join(dir.path, 'never.db'), port: 0 });
    early.child.kill();
    await expect(pending).rejects.toThrow('ended before it was ready');

    const stubborn = connectedChild(startEngine, { exitOnStop: false });
    const engine = await startEngineProcess(() => stubborn.child, { dbPath: join(dir.path, 'stubborn.db'), port: 0 }, { startMs: 30_000, stopMs: 200 });
    await engine.close();
    expect(stubborn.wasKilled()).toBe(true);
  });
});
