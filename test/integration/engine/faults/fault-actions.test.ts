import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import type { FaultRule, FaultRuleInput, InjectedFault } from '../../../../src/shared/faults';
import type { RecordedExchange } from '../../../../src/shared/recording';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { adminApi, listenAdmin } from '../../../support/admin-api';
import { readEventStream } from '../../../support/event-stream';

/** Each fault action over real HTTP on 127.0.0.1: what the client gets, and what the recording says was injected. */
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
const ADMIN_TOKEN = 'fault-actions-admin-token';
const api = adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN }));

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN, feedIntervalMs: 20, scimBaseUrl: scim.baseUrl });
  adminUrl = await listenAdmin(admin);
  for (const name of ['ada', 'bob', 'cyd', 'dee', 'eve']) {
    expect((await scim.request('POST', '/Users', { schemas: [URN.user], userName: `${name}@example.com` })).status).toBe(201);
  }
});
afterAll(async () => {
  await admin?.close();
  await scim?.close();
});
beforeEach(async () => {
  expect((await api('PUT', '/workspaces/default/faults', { scimWorkbenchFaults: 1, rules: [] })).status).toBe(200);
});

async function addRule(rule: FaultRuleInput): Promise<FaultRule> {
  const created = await api<FaultRule>('POST', '/workspaces/default/faults', rule);
  expect(created.status, created.text).toBe(201);
  return created.body;
}

/** The newest recorded exchange (the recorder writes reads within milliseconds: polled). */
async function lastExchange(predicate: (exchange: RecordedExchange) => boolean): Promise<RecordedExchange> {
  let found: RecordedExchange | undefined;
  await expect
    .poll(() => {
      const recordings = scim.app.workbench.recordings;
      found = recordings.exchangesAfter(0, 100_000).filter(predicate).at(-1);
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

describe('status answers', () => {
  it('answers 429 with Retry-After and an RFC 7644 error body, and records what was injected', async () => {
    const rule = await addRule({
      name: 'throttle',
      match: { methods: ['GET'], path: '/Users' },
      action: { kind: 'status', status: 429, retryAfterSeconds: 7 },
    });
    const answer = await scim.request('GET', '/Users?count=1', undefined, { 'x-test': 'throttle' });
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('7');
    expect(answer.headers['content-type']).toContain('application/scim+json');
    expect(answer.body).toEqual({ schemas: [URN.error], status: '429', detail: expect.any(String) });
    const recorded = await lastExchange((exchange) => exchange.request.headers.some(([name, value]) => name === 'x-test' && value === 'throttle'));
    expect(recorded.response.status).toBe(429);
    expect(recorded.injected).toMatchObject({ ruleId: rule.id, ruleName: 'throttle', action: 'status', summary: expect.stringContaining('429') });
    // The list marks it too.
    const list = await api<{ items: { id: number; injected?: InjectedFault }[] }>('GET', '/exchanges?limit=5');
    expect(list.body.items.find((item) => item.id === recorded.id)?.injected).toMatchObject({ action: 'status' });
  });

  it('answers 409 uniqueness on create and 400 with any scimType, leaving other requests alone', async () => {
    await addRule({
      name: 'conflict',
      match: { methods: ['POST'], resourceTypes: ['Users'] },
      action: { kind: 'status', status: 409, scimType: 'uniqueness' },
    });
    await addRule({
      name: 'bad filter',
      match: { filter: { contains: 'zed' } },
      action: { kind: 'status', status: 400, scimType: 'invalidFilter', detail: 'No.' },
    });
    const created = await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'new@example.com' });
    expect(created.status).toBe(409);
    expect(created.body).toMatchObject({ schemas: [URN.error], status: '409', scimType: 'uniqueness' });
    expect((await scim.request('GET', '/Users?filter=userName%20eq%20%22new@example.com%22')).body.totalResults).toBe(0);
    const refused = await scim.request('GET', `/Users?filter=${encodeURIComponent('userName eq "zed"')}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ schemas: [URN.error], status: '400', scimType: 'invalidFilter', detail: 'No.' });
    expect((await scim.request('GET', `/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}`)).status).toBe(200);
  });
});

describe('latency, time-outs and dropped connections', () => {
  it('adds latency, then answers normally', async () => {
    await addRule({ name: 'slow', match: { methods: ['GET'] }, action: { kind: 'latency', ms: 300 } });
    const started = performance.now();
    const answer = await scim.request('GET', '/Users?count=1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(answer.status).toBe(200);
    expect(answer.body.Resources).toHaveLength(1);
  });

  it('drops the connection: the client sees a socket error, and the exchange is recorded without a status', async () => {
    await addRule({ name: 'drop it', match: { methods: ['DELETE'] }, action: { kind: 'drop' } });
    await expect(scim.request('DELETE', '/Users/no-such-user')).rejects.toThrow(/fetch failed/);
    const recorded = await lastExchange((exchange) => exchange.request.method === 'DELETE');
    expect(recorded.response.status).toBe(0);
    expect(recorded.operation).toContain('Connection dropped by fault rule "drop it"');
    expect(recorded.injected).toMatchObject({ action: 'drop', ruleName: 'drop it' });
    // A session with an unanswered exchange exports, as a session file and as HAR, and imports again.
    for (const format of ['json', 'har']) {
      const exported = await api('GET', `/sessions/${recorded.sessionId}/export?format=${format}`);
      expect(exported.status).toBe(200);
      const imported = await api('POST', '/sessions/import', exported.text);
      expect(imported.status, imported.text).toBe(201);
      const statuses = scim.app.workbench.recordings.sessionExchanges(imported.body.id).map((exchange) => exchange.response.status);
      expect(statuses).toContain(0);
    }
  });

  it('times out: holds the request, then drops it without an answer', async () => {
    await addRule({ name: 'hang', match: { methods: ['PUT'] }, action: { kind: 'timeout', ms: 200 } });
    const started = performance.now();
    const error = await scim.request('PUT', '/Users/anything', { schemas: [URN.user], userName: 'x' }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    const recorded = await lastExchange((exchange) => exchange.request.method === 'PUT');
    expect(recorded.injected).toMatchObject({ action: 'timeout' });
  });
});

describe('SCIM lies on the real answer', () => {
  it('tells a wrong totalResults and itemsPerPage', async () => {
    await addRule({ name: 'total', match: { path: '/Users', filter: { contains: 'ada' } }, action: { kind: 'lie', lie: 'totalResults', value: 99 } });
    await addRule({ name: 'per page', match: { path: '/Users' }, action: { kind: 'lie', lie: 'itemsPerPage', value: 50 } });
    const total = await scim.request('GET', `/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}`);
    expect(total.body).toMatchObject({ totalResults: 99, Resources: [expect.objectContaining({ userName: 'ada@example.com' })] });
    const page = await scim.request('GET', '/Users?count=2');
    expect(page.body.itemsPerPage).toBe(50);
    expect(page.body.Resources).toHaveLength(2);
    const recorded = await lastExchange((exchange) => exchange.request.url.endsWith('/Users?count=2'));
    // The recording holds what the client got.
    expect(JSON.parse(recorded.response.body!).itemsPerPage).toBe(50);
    expect(recorded.injected?.summary).toContain('itemsPerPage answered as 50');
  });

  it('leaves out the id, sends an empty 201, and a wrong Content-Type', async () => {
    await addRule({ name: 'no id', match: { methods: ['GET'], path: '/Users/*' }, action: { kind: 'lie', lie: 'missingId' } });
    await addRule({ name: 'empty', match: { methods: ['POST'], resourceTypes: ['Users'] }, action: { kind: 'lie', lie: 'emptyCreatedBody' } });
    await addRule({ name: 'html', match: { resourceTypes: ['discovery'] }, action: { kind: 'lie', lie: 'contentType', value: 'text/html' } });
    const ada = (await scim.request('GET', `/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}`)).body.Resources[0];
    const read = await scim.request('GET', `/Users/${ada.id}`);
    expect(read.status).toBe(200);
    expect(read.body.userName).toBe('ada@example.com');
    expect(read.body).not.toHaveProperty('id');
    const created = await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'quiet@example.com' });
    expect(created.status).toBe(201);
    // No body at all.
    expect(created.body).toBeUndefined();
    expect(created.headers['content-length']).toBe('0');
    // The create was recorded in its transaction before the lie: the recording is brought up to what was sent.
    const recordedCreate = await lastExchange((exchange) => exchange.request.body?.includes('quiet@example.com') === true);
    expect(recordedCreate.response).toMatchObject({ status: 201, body: null });
    expect(recordedCreate.injected).toMatchObject({ action: 'lie', summary: '201 answered with an empty body' });
    const discovery = await scim.request('GET', '/ServiceProviderConfig');
    expect(discovery.headers['content-type']).toBe('text/html');
  });

  it('repeats resources across pages while startIndex says the page asked for', async () => {
    await addRule({ name: 'dupes', match: { methods: ['GET'], path: '/Users' }, action: { kind: 'lie', lie: 'duplicatePages', value: 1 } });
    const first = await scim.request('GET', '/Users?startIndex=1&count=2');
    const second = await scim.request('GET', '/Users?startIndex=3&count=2');
    expect(second.body.startIndex).toBe(3);
    const ids = (page: { body: { Resources: { id: string }[] } }) => page.body.Resources.map((resource) => resource.id);
    expect(ids(second)[0]).toBe(ids(first)[1]);
  });
});

describe('admin API', () => {
  it('refuses a bad rule with every problem and where it is, storing nothing', async () => {
    const refused = await api('POST', '/workspaces/default/faults', {
      name: 'bad',
      match: { methods: ['FETCH'], filter: { regex: '(' } },
      action: { kind: 'status', status: 200 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ where: expect.stringMatching(/^match\.methods/) }),
        expect.objectContaining({ where: 'action.status', message: expect.stringContaining('400 to 599') }),
      ]),
    );
    expect((await api('GET', '/workspaces/default/faults')).body.rules).toEqual([]);
    expect((await api('POST', '/workspaces/nowhere/faults', { name: 'x', action: { kind: 'drop' } })).status).toBe(404);
  });

  it('lists presets, updates, disables all, counts and deletes rules', async () => {
    // The live feed tells every tab when rules change (the banner follows it).
    const feed = readEventStream(await fetch(`${adminUrl}/feed?token=${ADMIN_TOKEN}`));
    await feed.next('ready');
    const presets = await api<{ name: string; rule: FaultRuleInput }[]>('GET', '/faults/presets');
    expect(presets.body.map((preset) => preset.name)).toEqual(expect.arrayContaining(['Rate limited (429 + Retry-After)', 'Slow server: 5 s latency']));
    const rule = await addRule(presets.body.find((preset) => preset.name.startsWith('Conflict cascade'))!.rule);
    expect((await api('GET', '/faults/summary')).body.workspaces).toEqual([{ workspace: 'default', enabledRules: 1 }]);
    expect(JSON.parse(await feed.next('faults'))).toEqual({ workspaces: [{ workspace: 'default', enabledRules: 1 }], held: 0 });
    await feed.cancel();
    expect((await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'c1@example.com' })).status).toBe(409);
    expect((await api<FaultRule>('GET', `/workspaces/default/faults/${rule.id}`)).body.stats).toEqual({ matched: 1, fired: 1 });
    const off = await api('POST', '/workspaces/default/faults/enabled', { enabled: false });
    expect(off.body.rules[0].enabled).toBe(false);
    expect((await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'c1@example.com' })).status).toBe(201);
    const updated = await api<FaultRule>('PUT', `/workspaces/default/faults/${rule.id}`, { name: 'renamed', action: { kind: 'drop' }, enabled: false });
    expect(updated.body).toMatchObject({ name: 'renamed', action: { kind: 'drop' } });
    const exported = await api('GET', '/workspaces/default/faults/export');
    expect(exported.body).toEqual({ scimWorkbenchFaults: 1, workspace: 'default', rules: [{ name: 'renamed', enabled: false, action: { kind: 'drop' } }] });
    expect((await api('PUT', '/workspaces/default/faults', exported.body)).body.rules).toHaveLength(1);
    const badFile = await api('PUT', '/workspaces/default/faults', { scimWorkbenchFaults: 1, rules: [{ name: 'x', action: { kind: 'latency', ms: 'slow' } }] });
    expect(badFile.status).toBe(400);
    expect(badFile.body.problems).toEqual([expect.objectContaining({ where: 'rules.0.action.ms' })]);
    const kept = (await api('GET', '/workspaces/default/faults')).body.rules;
    expect(kept).toHaveLength(1);
    expect((await api('DELETE', `/workspaces/default/faults/${kept[0].id}`)).status).toBe(204);
    expect((await api('DELETE', `/workspaces/default/faults/${rule.id}`)).status).toBe(404);
    expect((await api('GET', `/workspaces/default/faults/${rule.id}`)).status).toBe(404);
  });

  it("a deleted workspace's rules never act on a new workspace that takes its id", async () => {
    const { workspaces, faults } = scim.app.workbench;
    const old = workspaces.create('short-lived', 'Short-lived');
    faults.create('short-lived', { name: 'teapot', action: { kind: 'status', status: 418 } });
    const lookup = (slug: string, token: string) =>
      scim.request('GET', `${scim.origin}/w/${slug}/scim/v2/Users`, undefined, { authorization: `Bearer ${token}` });
    expect((await lookup('short-lived', old.token)).status).toBe(418);
    workspaces.delete('short-lived');
    const next = workspaces.create('next-one', 'Next one');
    expect(next.id).toBe(old.id);
    expect((await lookup('next-one', next.token)).status).toBe(200);
  });
});
