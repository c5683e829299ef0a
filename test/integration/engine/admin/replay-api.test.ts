import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayJobState, SingleReplayResponse } from '../../../../src/shared/replay';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';
import { playOktaSession } from '../../../support/okta-session';
import { startScimServer } from '../../../support/scim-server';
import { adminApi, untilSettled } from '../../../support/admin-api';

/** Replays through the inspector's admin API of a real engine: session jobs with progress, cancel, reports, and single exchanges. */
const dir = tempDir();
let engine: RunningEngine;
let sessionId: number;

const api = adminApi(() => ({ url: engine.adminUrl, token: engine.adminToken }));

const finished = (id: number): Promise<ReplayJobState> => untilSettled(async () => (await api<ReplayJobState>('GET', `/replays/${id}`)).body, `replay ${id}`);

beforeAll(async () => {
  engine = await startEngine({ dbPath: join(dir.path, 'replay.db'), port: 0 });
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string | null> = {}) => {
    const response = await fetch(`${engine.scimBaseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${engine.token}`,
        ...(body !== undefined && { 'content-type': 'application/scim+json' }),
        ...(headers as Record<string, string>),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
  };
  await playOktaSession({ request } as never);
  sessionId = engine.workbench.recordings.currentSessionId();
});
afterAll(async () => {
  await engine?.close();
  dir.remove();
});

describe('session replay jobs', () => {
  it('replays the session into a fresh workspace with no difference, and offers the report as JSON and Markdown', async () => {
    const total = engine.workbench.recordings.sessionExchanges(sessionId).length;
    const started = await api<ReplayJobState>('POST', '/replays', { sessionId, target: { kind: 'workspace', workspace: 'default', fresh: true } });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ state: 'running', progress: { total }, workspace: expect.stringMatching(/^replay-/) });
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ state: 'done', progress: { done: total, total, differed: 0 }, report: { matched: total, differed: 0 } });
    expect(engine.workbench.workspaces.find(done.workspace!)).toBeDefined();
    // The replayed traffic went to a session of its own; the replayed one is unchanged.
    expect(engine.workbench.recordings.sessionExchanges(sessionId)).toHaveLength(total);
    expect(engine.workbench.recordings.sessions()[0]!.name).toMatch(/^Replay of /);
    const markdown = await api('GET', `/replays/${started.body.id}/report?format=md`);
    expect(markdown.text).toContain(`**${total} matched, 0 differed**`);
    const json = await api<{ total: number }>('GET', `/replays/${started.body.id}/report?format=json`);
    expect(json.body.total).toBe(total);
  });

  it('replays several steps at a time when asked, with the same report as one at a time', async () => {
    const total = engine.workbench.recordings.sessionExchanges(sessionId).length;
    const reports = [];
    for (const concurrency of [1, 4]) {
      const started = await api<ReplayJobState>('POST', '/replays', {
        sessionId,
        concurrency,
        target: { kind: 'workspace', workspace: 'default', fresh: true },
      });
      expect(started.status).toBe(200);
      const done = await finished(started.body.id);
      expect(done).toMatchObject({ state: 'done', progress: { done: total, total, differed: 0 }, report: { matched: total, differed: 0 } });
      reports.push(done.report!.steps.map(({ index, method, status, matched }) => ({ index, method, status, matched })));
    }
    expect(reports[1]).toEqual(reports[0]);
  });

  it('replays against another SCIM server by URL with its own token', async () => {
    const other = await startScimServer();
    try {
      const started = await api<ReplayJobState>('POST', '/replays', {
        sessionId,
        target: { kind: 'url', baseUrl: other.baseUrl, auth: { kind: 'bearer', token: other.token } },
      });
      const done = await finished(started.body.id);
      expect(done.report).toMatchObject({ differed: 0 });
      expect((await other.request('GET', '/Users')).body.totalResults).toBe(3);
    } finally {
      await other.close();
    }
  });

  it('asks for confirmation before sending traffic off this machine', async () => {
    const refused = await api<{ error: string }>('POST', '/replays', {
      sessionId,
      target: { kind: 'url', baseUrl: 'https://scim.example.com/scim/v2', auth: { kind: 'bearer', token: 't' } },
    });
    expect(refused).toMatchObject({ status: 409, body: { error: expect.stringContaining('scim.example.com, which is not this machine: confirm') } });
  });

  it('replays only a range of the session, and refuses an empty one', async () => {
    const ids = engine.workbench.recordings.sessionExchanges(sessionId).map((exchange) => exchange.id);
    const started = await api<ReplayJobState>('POST', '/replays', {
      sessionId,
      fromExchangeId: ids[0],
      toExchangeId: ids[2],
      target: { kind: 'workspace', workspace: 'default', fresh: true },
    });
    const done = await finished(started.body.id);
    expect(done.report!.steps.map((step) => step.sourceId)).toEqual(ids.slice(0, 3));
    const empty = await api<{ error: string }>('POST', '/replays', {
      sessionId,
      fromExchangeId: ids[2],
      toExchangeId: ids[0],
      target: { kind: 'workspace', workspace: 'default' },
    });
    expect(empty).toMatchObject({ status: 400, body: { error: expect.stringContaining('"from" comes after "to"') } });
  });

  it('cancels a paced replay mid-way', async () => {
    const started = await api<ReplayJobState>('POST', '/replays', {
      sessionId,
      target: { kind: 'workspace', workspace: 'default', fresh: true },
      pacing: { kind: 'rate', perSecond: 20 },
    });
    await expect
      .poll(async () => (await api<ReplayJobState>('GET', `/replays/${started.body.id}`)).body.progress.done, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await api('POST', `/replays/${started.body.id}/cancel`);
    const done = await finished(started.body.id);
    expect(done.state).toBe('cancelled');
    expect(done.report!.run).toBeLessThan(done.report!.total);
  });

  it('refuses bad requests with a message', async () => {
    expect((await api('POST', '/replays', { target: { kind: 'workspace', workspace: 'default' } })).status).toBe(400);
    expect((await api('POST', '/replays', { sessionId: 999, target: { kind: 'workspace', workspace: 'default' } })).status).toBe(404);
    expect((await api('POST', '/replays', { sessionId, target: { kind: 'url', baseUrl: 'ftp://x', auth: { kind: 'none' } } })).status).toBe(400);
    expect((await api('POST', '/replays', { sessionId, target: { kind: 'url', baseUrl: 'http://127.0.0.1:1', auth: { kind: 'magic' } } })).status).toBe(400);
    expect((await api('GET', '/replays/999')).status).toBe(404);
    const target = { kind: 'workspace', workspace: 'default' };
    for (const concurrency of [0, 65, 2.5])
      expect(await api('POST', '/replays', { sessionId, target, concurrency })).toMatchObject({
        status: 400,
        body: { error: expect.stringContaining('concurrency') },
      });
    expect(await api('POST', '/replays', { sessionId, target, concurrency: 4, pacing: { kind: 'rate', perSecond: 5 } })).toMatchObject({
      status: 400,
      body: { error: 'A paced replay keeps the recorded order: concurrency above 1 needs "fast" pacing.' },
    });
    expect(await api('POST', '/replays', { sessionId, target, concurrency: 4, applyFaults: true })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('leave concurrency at 1') },
    });
  });
});

describe('single exchange replay', () => {
  it('replays a lookup and links the new exchange to the original', async () => {
    const lookup = engine.workbench.recordings.listExchanges({ limit: 100, method: 'GET' }).items.find((exchange) => exchange.request.url.includes('filter='))!;
    const result = await api<SingleReplayResponse>('POST', `/exchanges/${lookup.id}/replay`, {});
    expect(result.status).toBe(200);
    expect(result.body.exchangeId).toBeGreaterThan(lookup.id);
    const linked = engine.workbench.recordings.exchange(result.body.exchangeId!)!;
    expect(linked.request.headers).toContainEqual(['x-scim-workbench-replay-of', String(lookup.id)]);
  });

  it('shows the differences of a create replayed (the user exists now), and replays an edited request', async () => {
    const create = engine.workbench.recordings.listExchanges({ limit: 100, method: 'POST' }).items.find((exchange) => exchange.request.url.endsWith('/Users'))!;
    const again = (await api<SingleReplayResponse>('POST', `/exchanges/${create.id}/replay`, {})).body;
    expect(again.step.matched).toBe(false);
    expect(again.step.differences[0]).toMatchObject({ path: 'status', recorded: 201, replayed: 409 });

    const edited = JSON.parse(create.request.body!);
    edited.userName = 'edited.replay@example.com';
    const result = (await api<SingleReplayResponse>('POST', `/exchanges/${create.id}/replay`, { edit: { body: JSON.stringify(edited) } })).body;
    expect(result.replayed.status).toBe(201);
    expect(JSON.parse(result.replayed.body!).userName).toBe('edited.replay@example.com');
    // Only the volatile fields and the edited value differ from the recording.
    const paths = result.step.differences.map((difference) => difference.path);
    expect(paths).toContain('userName');
    expect(paths.filter((path) => path === 'id' || path.startsWith('meta'))).toEqual([]);
    expect((await api('POST', `/exchanges/${create.id}/replay`, { edit: { method: 'TRACE' } })).status).toBe(400);
    expect((await api('POST', '/exchanges/999999/replay', {})).status).toBe(404);
  });
});

describe('imported sessions with malformed content', () => {
  it('replays a URL that is not a valid URL by its path, and shows the app effect of nonsense changes without failing', async () => {
    const exchange = engine.workbench.recordings.listExchanges({ limit: 1, method: 'GET' }).items[0]!;
    const file = {
      format: 'scim-workbench-session',
      version: 1,
      session: { name: 'odd import' },
      exchanges: [
        {
          ...exchange,
          request: { ...exchange.request, url: 'https://bad host/scim/v2/Users?count=1' },
          changes: [{ resourceType: 'User', resourceId: 'x', before: 'nope', after: 5, membersAdded: 'abc' }],
        },
      ],
    };
    const imported = await fetch(`${engine.adminUrl}/sessions/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${engine.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(file),
    });
    expect(imported.status).toBeLessThan(300);
    const session = (await imported.json()) as { id: number };
    const started = await api<ReplayJobState>('POST', '/replays', { sessionId: session.id, target: { kind: 'workspace', workspace: 'default', fresh: true } });
    expect(started.status).toBe(200);
    const done = await finished(started.body.id);
    expect(done.report!.steps[0]).toMatchObject({ path: '/Users?count=1', status: 200 });
    const importedExchange = engine.workbench.recordings.sessionExchanges(session.id)[0]!;
    const effect = await api<{ users: unknown[] }>('GET', `/exchanges/${importedExchange.id}/app-effect`);
    expect(effect.status).toBe(200);
  });
});
