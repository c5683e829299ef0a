import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminPortInUseError, chooseAdminToken, listenAdmin } from '../../../../src/engine/admin/admin-address';
import { openWorkbench, type Workbench } from '../../../../src/engine/workbench';
import { tempDir } from '../../../support/cli';
import { onPortFreeAMomentAgo } from '../../../support/ports';

/** The admin listener's port and token as kept in a real database's app settings. */
describe('remembered admin port and token', () => {
  let dir: ReturnType<typeof tempDir>;
  let workbench: Workbench;
  const listeners: (FastifyInstance | Server)[] = [];
  beforeEach(() => {
    dir = tempDir();
    workbench = openWorkbench({ dbPath: join(dir.path, 'w.db') });
  });
  afterEach(async () => {
    for (const listener of listeners.splice(0)) await new Promise((resolve) => listener.close(() => resolve(undefined)));
    workbench.close();
    dir.remove();
  });
  const admin = () => {
    const app = Fastify();
    listeners.push(app);
    return app;
  };

  it('makes a token once and keeps it; new-remembered replaces it; a given one or none is not stored', () => {
    const fresh = chooseAdminToken(undefined, workbench.appSettings);
    const given = chooseAdminToken('my-token', workbench.appSettings);
    expect(given).toBe('my-token');
    const first = chooseAdminToken('remembered', workbench.appSettings);
    expect(first).not.toBe(fresh);
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(chooseAdminToken('remembered', workbench.appSettings)).toBe(first);
    const rotated = chooseAdminToken('new-remembered', workbench.appSettings);
    expect(rotated).not.toBe(first);
    expect(chooseAdminToken('remembered', workbench.appSettings)).toBe(rotated);
  });

  it('takes a free port the first time and the same one next time', async () => {
    const first = await listenAdmin(admin(), 'remembered', workbench.appSettings);
    expect(first.movedFrom).toBeUndefined();
    await listeners.pop()!.close();
    const second = await listenAdmin(admin(), 'remembered', workbench.appSettings);
    expect(second).toEqual({ port: first.port });
  });

  it('moves off a busy remembered port, and says from which', async () => {
    const first = await listenAdmin(admin(), 'remembered', workbench.appSettings);
    const second = await listenAdmin(admin(), 'remembered', workbench.appSettings);
    expect(second.movedFrom).toBe(first.port);
    expect(second.port).not.toBe(first.port);
  });

  it('fails on an explicit port in use, naming it, and does not remember an explicit port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    listeners.push(blocker);
    const port = (blocker.address() as { port: number }).port;
    await expect(listenAdmin(admin(), port, workbench.appSettings)).rejects.toEqual(new AdminPortInUseError(port));
    // Another process may take the free port before the admin listener binds it: then another one is tried.
    const listening = await onPortFreeAMomentAgo(
      async (other) => ({ other, answer: await listenAdmin(admin(), other, workbench.appSettings) }),
      (error) => error instanceof AdminPortInUseError,
    );
    expect(listening.answer).toEqual({ port: listening.other });
    expect(workbench.appSettings.get('admin.port')).toBeUndefined();
  });
});
