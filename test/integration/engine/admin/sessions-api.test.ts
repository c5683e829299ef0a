import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeListResponse } from '../../../../src/shared/admin-api';
import type { SessionSummary } from '../../../../src/shared/recording';
import type { ReplayJobState } from '../../../../src/shared/replay';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { REPLAY_SESSION_HEADER } from '../../../../src/engine/recorder/replay-sessions';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { adminApi, statusAndBody, listenAdmin } from '../../../support/admin-api';

/**
 * Sessions as the unit QA works with, through the admin API of a SCIM server: live traffic always
 * goes to the current live session — whatever replays and imports happen meanwhile — and each
 * session says its kind.
 */
const ADMIN_TOKEN = 'sessions-admin-token';
const IMPORT_LIMIT = 64 * 1024;
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN, scimBaseUrl: scim.baseUrl, importBodyLimit: IMPORT_LIMIT });
  adminUrl = await listenAdmin(admin);
});
afterAll(async () => {
  await admin?.close();
  await scim?.close();
});

const api = statusAndBody(adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN })));

const sessions = async () => (await api<SessionSummary[]>('GET', '/sessions')).body;
const current = async () => (await sessions()).find((session) => session.current)!;
/** The newest exchange's session, read after a request: the recorder has written it by then (reads flush it). */
const sessionOfNewest = async () => (await api<ExchangeListResponse>('GET', '/exchanges?limit=1')).body.items[0]!.sessionId;

async function finished(id: number): Promise<ReplayJobState> {
  let state = (await api<ReplayJobState>('GET', `/replays/${id}`)).body;
  await expect.poll(async () => (state = (await api<ReplayJobState>('GET', `/replays/${id}`)).body).state, { timeout: 20_000 }).not.toBe('running');
  return state;
}

async function createUsers(count: number, prefix: string) {
  for (let i = 0; i < count; i++)
    await scim.request('POST', '/Users', { schemas: [URN.user], userName: `${prefix}.${i}@example.com` }, { 'user-agent': 'Okta SCIM Client' });
}

describe('live recording while replays and imports happen', () => {
  it("records a request sent after a replay into a fresh workspace in the live session, not the replay's", async () => {
    const live = (await api<SessionSummary>('POST', '/sessions', { name: 'QA run' })).body;
    await createUsers(3, 'replayed');
    const started = await api<ReplayJobState>('POST', '/replays', { sessionId: live.id, target: { kind: 'workspace', workspace: 'default', fresh: true } });
    expect(started.status).toBe(200);
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ state: 'done', report: { differed: 0 } });

    const replaySession = (await sessions()).find((session) => session.id === done.sessionId)!;
    expect(replaySession).toMatchObject({ name: 'Replay of QA run', kind: 'replay', current: false, exchangeCount: 3 });
    expect(await current()).toMatchObject({ id: live.id, kind: 'live' });
    // Each replayed request carried the job's key, and the recording shows it redacted.
    const replayed = (await api<ExchangeListResponse>('GET', `/exchanges?session=${done.sessionId}`)).body.items;
    const headers = (await api('GET', `/exchanges/${replayed[0]!.id}`)).body.request.headers as [string, string][];
    expect(headers).toContainEqual([REPLAY_SESSION_HEADER, '[redacted]']);
    // The job has ended: its key is forgotten.
    expect(scim.app.workbench.replaySessions.size).toBe(0);

    await scim.request('GET', '/Users?filter=userName%20eq%20%22after.replay%40example.com%22');
    expect(await sessionOfNewest()).toBe(live.id);
    expect((await sessions()).find((session) => session.id === live.id)!.exchangeCount).toBe(4);
  });

  it('records live traffic that arrives during a replay in the live session', async () => {
    const live = await current();
    // Paced at 4 requests a second, the replay is still running when the live request arrives.
    const started = await api<ReplayJobState>('POST', '/replays', {
      sessionId: live.id,
      target: { kind: 'workspace', workspace: 'default', fresh: true },
      pacing: { kind: 'rate', perSecond: 4 },
    });
    await expect.poll(async () => (await api<ReplayJobState>('GET', `/replays/${started.body.id}`)).body.progress.done).toBeGreaterThanOrEqual(1);
    await scim.request('GET', '/Groups?count=1');
    const during = await sessionOfNewest();
    expect((await api<ReplayJobState>('GET', `/replays/${started.body.id}`)).body.state).toBe('running');
    expect(during).toBe(live.id);
    const done = await finished(started.body.id);
    expect(done.state).toBe('done');
    expect((await sessions()).find((session) => session.id === done.sessionId)!.exchangeCount).toBe(done.progress.total);
  });

  it('records a request with a forged or stale replay key as live traffic', async () => {
    const live = await current();
    await scim.request('GET', '/Users?count=1', undefined, { [REPLAY_SESSION_HEADER]: 'forged-value' });
    expect(await sessionOfNewest()).toBe(live.id);
  });

  it('records a request sent after an import in the live session, not the imported one', async () => {
    const live = await current();
    const file = await (await fetch(`${adminUrl}/sessions/${live.id}/export?format=json`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
    const imported = await api<SessionSummary>('POST', '/sessions/import?name=From%20a%20file', file);
    expect(imported).toMatchObject({ status: 201, body: { name: 'From a file', kind: 'imported', imported: true, current: false } });
    await scim.request('GET', '/Users?count=2');
    expect(await sessionOfNewest()).toBe(live.id);
    expect(await current()).toMatchObject({ id: live.id });
  });
});

describe('session list and lifecycle', () => {
  it('lists sessions newest first, each with its kind, and exactly one current', async () => {
    const list = await sessions();
    expect(list.map((session) => session.id)).toEqual([...list.map((session) => session.id)].sort((a, b) => b - a));
    expect(list.filter((session) => session.current)).toHaveLength(1);
    expect(new Set(list.map((session) => session.kind))).toEqual(new Set(['live', 'replay', 'imported']));
  });

  it('starts a new live session (Clear) with or without a name; it receives the next request', async () => {
    const named = await api<SessionSummary>('POST', '/sessions', { name: '  Entra run  ' });
    expect(named).toMatchObject({ status: 201, body: { name: 'Entra run', kind: 'live', current: true, exchangeCount: 0 } });
    const unnamed = await api<SessionSummary>('POST', '/sessions');
    expect(unnamed).toMatchObject({ status: 201, body: { name: expect.stringMatching(/^Session \d+$/), kind: 'live', current: true } });
    expect((await sessions()).filter((session) => session.name === unnamed.body.name)).toHaveLength(1);
    await scim.request('GET', '/Users?count=3');
    expect(await sessionOfNewest()).toBe(unnamed.body.id);
    expect((await sessions()).find((session) => session.id === named.body.id)).toMatchObject({ current: false, exchangeCount: 0 });
  });

  it('renames a session and keeps its kind', async () => {
    const replay = (await sessions()).find((session) => session.kind === 'replay')!;
    const renamed = await api<SessionSummary>('PATCH', `/sessions/${replay.id}`, { name: 'Okta replay, fixed' });
    expect(renamed).toEqual({ status: 200, body: { ...replay, name: 'Okta replay, fixed' } });
  });

  it('deleting the current session starts a new live one, which the next request goes to', async () => {
    const before = await current();
    expect((await api('DELETE', `/sessions/${before.id}`)).status).toBe(204);
    const after = await current();
    expect(after).toMatchObject({ kind: 'live', exchangeCount: 0 });
    expect(after.id).toBeGreaterThan(before.id);
    await scim.request('GET', '/Users?count=4');
    expect(await sessionOfNewest()).toBe(after.id);
  });

  it('deleting an older session leaves the current one as it is', async () => {
    const older = (await api<SessionSummary>('POST', '/sessions', { name: 'Soon older' })).body;
    const newest = (await api<SessionSummary>('POST', '/sessions', { name: 'Newest' })).body;
    expect((await api('DELETE', `/sessions/${older.id}`)).status).toBe(204);
    expect((await current()).id).toBe(newest.id);
  });
});

describe('a fresh database', () => {
  it('lists a current live session even when a file was imported before any traffic', async () => {
    const fresh = await startScimServer();
    const server = buildAdminServer({ workbench: fresh.app.workbench, token: ADMIN_TOKEN });
    try {
      const call = (method: string, url: string, payload?: unknown) =>
        server.inject({
          method: method as 'GET',
          url: `/api${url}`,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, host: '127.0.0.1' },
          remoteAddress: '127.0.0.1',
          ...(payload !== undefined && { payload: payload as object }),
        });
      expect((await call('POST', '/sessions/import?name=First', { log: { entries: [] } })).statusCode).toBe(201);
      const list = (await call('GET', '/sessions')).json() as SessionSummary[];
      expect(list.map(({ name, kind, current }) => ({ name, kind, current }))).toEqual([
        { name: 'Session 1', kind: 'live', current: true },
        { name: 'First', kind: 'imported', current: false },
      ]);
    } finally {
      await server.close();
      await fresh.close();
    }
  });
});

describe('bad input', () => {
  it('answers an unknown session with 404 on each route', async () => {
    expect(await api('PATCH', '/sessions/999999', { name: 'x' })).toEqual({ status: 404, body: { error: 'No session 999999.' } });
    expect(await api('DELETE', '/sessions/999999')).toEqual({ status: 404, body: { error: 'No session 999999.' } });
    expect((await api('GET', '/sessions/999999/export?format=har')).status).toBe(404);
    expect((await api('POST', '/sessions/999999/clear')).status).toBe(404);
  });

  it('refuses empty, blank, missing and too long names and malformed ids with 400', async () => {
    const id = (await current()).id;
    expect(await api('POST', '/sessions', { name: '   ' })).toEqual({ status: 400, body: { error: 'A session name cannot be empty.' } });
    expect(await api('PATCH', `/sessions/${id}`, { name: '' })).toEqual({ status: 400, body: { error: 'A session name cannot be empty.' } });
    expect((await api('PATCH', `/sessions/${id}`, {})).status).toBe(400);
    expect((await api('PATCH', `/sessions/${id}`, { name: 'x'.repeat(201) })).status).toBe(400);
    expect((await api('POST', '/sessions', { name: {} })).status).toBe(400);
    expect((await api('POST', '/sessions', { title: 'x' })).status).toBe(400);
    expect((await api('DELETE', '/sessions/abc')).status).toBe(400);
    expect((await api('GET', `/sessions/${id}/export?format=xml`)).status).toBe(400);
    expect(await api('POST', '/sessions/import?name=%20', { exchanges: [] })).toEqual({ status: 400, body: { error: 'A session name cannot be empty.' } });
    expect((await current()).id).toBe(id);
  });

  it('says clearly when an imported file is not JSON, not a session, or too large', async () => {
    const count = (await sessions()).length;
    expect(await api('POST', '/sessions/import', 'PNG\u0000 not json at all')).toEqual({
      status: 400,
      body: { error: 'Cannot import: the file is not JSON. Import a session file (.scim-session.json) or a HAR (.har).' },
    });
    expect(await api('POST', '/sessions/import', '[1, 2]')).toEqual({ status: 400, body: { error: expect.stringMatching(/^Cannot import: /) } });
    expect(await api('POST', '/sessions/import', 'name=x', { 'content-type': 'text/plain' })).toEqual({
      status: 400,
      body: { error: expect.stringContaining('the file is not JSON') },
    });
    expect(await api('POST', '/sessions/import', '{}', { 'content-type': 'application/octet-stream' })).toEqual({
      status: 415,
      body: { error: 'Cannot import: send the file as application/json, not application/octet-stream.' },
    });
    const tooBig = { log: { entries: [], comment: 'x'.repeat(IMPORT_LIMIT) } };
    expect(await api('POST', '/sessions/import', tooBig)).toEqual({ status: 413, body: { error: expect.stringContaining('the file is larger than 0.1 MB') } });
    expect((await sessions()).length).toBe(count);
  });

  it("accepts an import larger than the admin API's usual body limit by default", async () => {
    const server = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN });
    try {
      // 70 MB: over the 64 MB every other admin route accepts.
      const padding = 'x'.repeat(70 * 1024 * 1024);
      const response = await server.inject({
        method: 'POST',
        url: '/api/sessions/import?name=Big',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', host: '127.0.0.1' },
        remoteAddress: '127.0.0.1',
        payload: `{"log":{"comment":"${padding}","entries":[]}}`,
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ name: 'Big', kind: 'imported', exchangeCount: 0 });
    } finally {
      await server.close();
    }
  });
});
