import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import type { FaultRuleInput, HeldExchange } from '../../../../src/shared/faults';
import type { RecordedExchange } from '../../../../src/shared/recording';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { adminApi, listenAdmin } from '../../../support/admin-api';
import { readEventStream } from '../../../support/event-stream';

/** Breakpoints over real HTTP: a held exchange listed (without secrets), released as-is or edited, failed, and released by its timeout. */
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
const ADMIN_TOKEN = 'breakpoints-admin-token';
const api = adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN }));

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN, feedIntervalMs: 20, scimBaseUrl: scim.baseUrl });
  adminUrl = await listenAdmin(admin);
});
afterAll(async () => {
  await admin?.close();
  await scim?.close();
});
beforeEach(async () => {
  expect((await api('PUT', '/workspaces/default/faults', { scimWorkbenchFaults: 1, rules: [] })).status).toBe(200);
});

async function addRule(rule: FaultRuleInput): Promise<void> {
  const created = await api('POST', '/workspaces/default/faults', rule);
  expect(created.status, created.text).toBe(201);
}

/** The one exchange held now, once the request has reached its breakpoint. */
async function heldOne(): Promise<HeldExchange> {
  let held: HeldExchange[] = [];
  await expect
    .poll(async () => {
      held = (await api<HeldExchange[]>('GET', '/held')).body;
      return held.length;
    })
    .toBe(1);
  return held[0]!;
}

async function recorded(predicate: (exchange: RecordedExchange) => boolean): Promise<RecordedExchange> {
  let found: RecordedExchange | undefined;
  await expect.poll(() => (found = scim.app.workbench.recordings.exchangesAfter(0, 100_000).filter(predicate).at(-1)) !== undefined).toBe(true);
  return found!;
}

const user = (userName: string) => ({ schemas: [URN.user], userName, password: 'hunter2-secret' });

describe('request breakpoints', () => {
  it('holds a create, lists it without secrets, announces it on the feed, and releases it as-is', async () => {
    await addRule({ name: 'hold creates', match: { methods: ['POST'] }, action: { kind: 'breakpoint', stage: 'request' } });
    const feed = await fetch(`${adminUrl}/feed?token=${ADMIN_TOKEN}`);
    const events = readEventStream(feed);
    try {
      const pending = scim.request('POST', '/Users', user('held@example.com'));
      const held = await heldOne();
      expect(held).toMatchObject({
        stage: 'request',
        ruleName: 'hold creates',
        workspace: 'default',
        request: { method: 'POST', url: '/scim/v2/Users', path: '/Users' },
      });
      const text = JSON.stringify(held);
      expect(text).not.toContain(scim.token);
      expect(text).not.toContain('hunter2-secret');
      expect(held.request.headers).toContainEqual(['authorization', 'Bearer [redacted]']);
      await events.next('held');
      const released = await api('POST', `/held/${held.id}/release`, {});
      expect(released.status).toBe(200);
      const answer = await pending;
      expect(answer.status).toBe(201);
      expect(answer.body.userName).toBe('held@example.com');
      expect((await api<HeldExchange[]>('GET', '/held')).body).toEqual([]);
      await events.next('released');
      const exchange = await recorded((each) => each.request.method === 'POST' && each.response.body?.includes('held@example.com') === true);
      expect(exchange.injected).toMatchObject({
        action: 'breakpoint',
        stage: 'request',
        outcome: 'released',
        summary: expect.stringContaining('released as-is'),
      });
      // A second decision on the same exchange finds nothing held.
      expect((await api('POST', `/held/${held.id}/release`, {})).status).toBe(404);
    } finally {
      await events.cancel();
    }
  });

  it('releases an edited request: the engine receives the edited body', async () => {
    await addRule({ name: 'hold creates', match: { methods: ['POST'] }, action: { kind: 'breakpoint', stage: 'request' } });
    const pending = scim.request('POST', '/Users', user('before@example.com'));
    const held = await heldOne();
    const refused = await api('POST', `/held/${held.id}/release`, { request: { body: '{not json' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('not JSON');
    const edited = await api('POST', `/held/${held.id}/release`, {
      request: { body: JSON.stringify({ schemas: [URN.user], userName: 'after@example.com' }), headers: { 'x-edited': 'yes' } },
    });
    expect(edited.status).toBe(200);
    const answer = await pending;
    expect(answer.status).toBe(201);
    expect(answer.body.userName).toBe('after@example.com');
    const exchange = await recorded((each) => each.response.body?.includes('after@example.com') === true);
    expect(exchange.injected).toMatchObject({ outcome: 'edited' });
    expect(exchange.request.headers).toContainEqual(['x-edited', 'yes']);
  });

  it('releases a request edited to another method and path', async () => {
    const ada = await scim.request('POST', '/Users', user('ada@example.com'));
    await addRule({ name: 'hold lookups', match: { methods: ['GET'], path: '/Users/*' }, action: { kind: 'breakpoint', stage: 'request' } });
    const pending = scim.request('GET', '/Users/not-there');
    const held = await heldOne();
    await api('POST', `/held/${held.id}/release`, { request: { path: `/Users/${ada.body.id}` } });
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.body.userName).toBe('ada@example.com');
  });

  it('fails a held request with a chosen SCIM error: the engine never sees it', async () => {
    await addRule({ name: 'hold creates', match: { methods: ['POST'] }, action: { kind: 'breakpoint', stage: 'request' } });
    const pending = scim.request('POST', '/Users', user('never@example.com'));
    const held = await heldOne();
    expect((await api('POST', `/held/${held.id}/fail`, { status: 503, detail: 'Try later.' })).status).toBe(200);
    const answer = await pending;
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ schemas: [URN.error], status: '503', detail: 'Try later.' });
    await api('PUT', '/workspaces/default/faults', { scimWorkbenchFaults: 1, rules: [] });
    expect((await scim.request('GET', `/Users?filter=${encodeURIComponent('userName eq "never@example.com"')}`)).body.totalResults).toBe(0);
  });

  it('records a held request whose client gave up', async () => {
    await addRule({ name: 'hold deletes', match: { methods: ['DELETE'] }, action: { kind: 'breakpoint', stage: 'request' } });
    const controller = new AbortController();
    const pending = fetch(`${scim.baseUrl}/Users/gone`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${scim.token}` },
      signal: controller.signal,
    }).catch((error: Error) => error);
    await heldOne();
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await expect.poll(async () => (await api<HeldExchange[]>('GET', '/held')).body).toEqual([]);
    const exchange = await recorded((each) => each.request.method === 'DELETE' && each.request.url.endsWith('/Users/gone'));
    expect(exchange.response.status).toBe(0);
    expect(exchange.injected).toMatchObject({ outcome: 'abandoned' });
  });

  it('releases a held request by itself when its timeout runs out', async () => {
    await addRule({ name: 'short hold', match: { methods: ['POST'] }, action: { kind: 'breakpoint', stage: 'request', timeoutMs: 1000 } });
    const answer = await scim.request('POST', '/Users', user('auto@example.com'));
    expect(answer.status).toBe(201);
    const exchange = await recorded((each) => each.response.body?.includes('auto@example.com') === true);
    expect(exchange.injected).toMatchObject({ outcome: 'auto-released' });
  });
});

describe('response breakpoints', () => {
  it('fails a held write answer: the recording says what the client got', async () => {
    await addRule({ name: 'hold create answers', match: { methods: ['POST'] }, action: { kind: 'breakpoint', stage: 'response' } });
    const pending = scim.request('POST', '/Users', user('answered@example.com'));
    const held = await heldOne();
    expect(held.response?.status).toBe(201);
    expect(JSON.stringify(held)).not.toContain('hunter2-secret');
    await api('POST', `/held/${held.id}/fail`, { status: 500, detail: 'Lost it.' });
    const answer = await pending;
    expect(answer.status).toBe(500);
    const exchange = await recorded((each) => each.request.body?.includes('answered@example.com') === true);
    expect(exchange.response.status).toBe(500);
    expect(JSON.parse(exchange.response.body!)).toMatchObject({ status: '500', detail: 'Lost it.' });
    expect(exchange.injected).toMatchObject({ stage: 'response', outcome: 'failed' });
    // The write itself was made: the IdP was told otherwise.
    await api('PUT', '/workspaces/default/faults', { scimWorkbenchFaults: 1, rules: [] });
    expect((await scim.request('GET', `/Users?filter=${encodeURIComponent('userName eq "answered@example.com"')}`)).body.totalResults).toBe(1);
  });

  it("holds the engine's answer and sends the edited status and body", async () => {
    await addRule({ name: 'hold answers', match: { methods: ['GET'], path: '/Users' }, action: { kind: 'breakpoint', stage: 'response' } });
    const pending = scim.request('GET', '/Users?count=1');
    const held = await heldOne();
    expect(held.stage).toBe('response');
    expect(held.response).toMatchObject({ status: 200, body: expect.stringContaining('ListResponse') });
    const refused = await api('POST', `/held/${held.id}/release`, { request: { body: '{}' } });
    expect(refused.status).toBe(400);
    await api('POST', `/held/${held.id}/release`, { response: { status: 500, body: '{"edited":true}', headers: { 'x-edited': 'yes' } } });
    const answer = await pending;
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ edited: true });
    expect(answer.headers['x-edited']).toBe('yes');
    const exchange = await recorded((each) => each.request.url.endsWith('/Users?count=1'));
    expect(exchange.response).toMatchObject({ status: 500, body: '{"edited":true}' });
    expect(exchange.injected).toMatchObject({ stage: 'response', outcome: 'edited' });
  });
});
