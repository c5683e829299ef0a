import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildServer } from '../../../../src/engine/http/scim-server';
import { openWorkbench, type Workbench } from '../../../../src/engine/workbench';

/**
 * A fresh database has no session until traffic needs one. Reads are recorded a few ms later
 * (Recorder.recordLater); asking for the current session in that window (the inspector opening
 * its session list) must not make one session for the waiting reads and another for what follows.
 */
let dir: string;
let workbench: Workbench;
let app: FastifyInstance;
let origin: string;
let token: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scim-workbench-first-session-'));
  workbench = openWorkbench({ dbPath: join(dir, 'workbench.db') });
  token = workbench.workspaces.ensureDefault().token;
  app = buildServer({ workbench });
  origin = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
});
afterEach(async () => {
  await app.close();
  workbench.close();
  rmSync(dir, { recursive: true, force: true });
});

it('puts reads still waiting to be written and the traffic after them in one live session', async () => {
  const lookup = async () => {
    const response = await fetch(`${origin}/scim/v2/Users?filter=userName%20eq%20%22a%22`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  };
  expect(workbench.recordings.sessions()).toEqual([]);
  await lookup();
  const current = workbench.recordings.currentSessionId();
  await lookup();
  const sessions = workbench.recordings.sessions();
  expect(sessions.map((session) => ({ id: session.id, exchangeCount: session.exchangeCount }))).toEqual([{ id: current, exchangeCount: 2 }]);
});
