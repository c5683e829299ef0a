import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeListResponse, FeedBatch, ResourceVersionEntry, VersionDiffResponse } from '../../../../src/shared/admin-api';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { adminApi, statusAndBody, listenAdmin } from '../../../support/admin-api';
import { readEventStream } from '../../../support/event-stream';

/** The inspector's admin API on its own 127.0.0.1 listener with its own token, beside a SCIM server on the same workbench. */
const ADMIN_TOKEN = 'admin-token-for-tests';
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN, feedIntervalMs: 20 });
  adminUrl = await listenAdmin(admin);
});
afterAll(async () => {
  await admin.close();
  await scim.close();
});

const api = statusAndBody(adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN })));

describe('access', () => {
  it('refuses a missing or wrong token with 401, and the SCIM token too', async () => {
    expect((await fetch(`${adminUrl}/exchanges`)).status).toBe(401);
    expect((await api('GET', '/exchanges', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    const scimToken = await api('GET', '/exchanges', undefined, { authorization: `Bearer ${scim.token}` });
    expect(scimToken).toEqual({ status: 401, body: { error: expect.stringContaining('admin token') } });
  });

  it('refuses a Host header that does not name loopback (DNS rebinding) with 403', async () => {
    const response = await admin.inject({
      method: 'GET',
      url: '/api/sessions',
      headers: { host: 'evil.example:80', authorization: `Bearer ${ADMIN_TOKEN}` },
      remoteAddress: '127.0.0.1',
    });
    expect(response.statusCode).toBe(403);
  });

  it('serves the inspector page without a token (it holds none) and the API only with one', async () => {
    const page = await fetch(adminUrl.replace(/\/api$/, '/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(adminUrl.replace(/\/api$/, '/assets/../../package.json'))).status).toBe(404);
  });

  it('is not served by the SCIM listener, which a tunnel exposes', async () => {
    const viaScim = await fetch(`${scim.origin}/api/exchanges`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(viaScim.status).toBe(404);
    expect(await viaScim.text()).not.toContain('"items"');
  });

  it('answers an unknown route and bad parameters with a JSON error', async () => {
    expect(await api('GET', '/nothing-here')).toEqual({ status: 404, body: { error: expect.stringContaining('/api/nothing-here') } });
    expect((await api('GET', '/exchanges?status=600')).status).toBe(400);
    expect((await api('GET', '/exchanges/abc')).status).toBe(400);
    expect((await api('GET', '/exchanges/999999')).status).toBe(404);
  });
});

describe('exchanges, resources, versions and diffs', () => {
  it('lists and filters the recorded exchanges, then serves one with its changes', async () => {
    const created = await scim.request(
      'POST',
      '/Users',
      { schemas: [URN.user], userName: 'admin.jane@example.com', name: { givenName: 'Jane' } },
      { 'user-agent': 'Okta SCIM Client' },
    );
    await scim.request('PATCH', `/Users/${created.body.id}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'replace', path: 'name.givenName', value: 'Janet' }],
    });
    await scim.request('GET', '/Users/missing-id');

    const list = (await api('GET', `/exchanges?resource=${created.body.id}`)).body as ExchangeListResponse;
    expect(list.items.map((e) => e.method)).toEqual(['PATCH', 'POST']);
    expect(list.items[1]!.client).toBe('okta');
    // List rows are slim: bodies, headers and changes come with the exchange itself.
    expect(list.items[0]).not.toHaveProperty('changes');
    expect(list.items[0]).not.toHaveProperty('request');
    expect(list.total).toBe(2);
    const errors = (await api('GET', '/exchanges?status=4xx&q=missing-id')).body as ExchangeListResponse;
    expect(errors.items.map((e) => e.status)).toEqual([404]);

    const diff = await api('GET', `/exchanges/${list.items[0]!.id}/diff`);
    expect(diff.body.resources).toEqual([
      expect.objectContaining({
        resourceId: created.body.id,
        kind: 'updated',
        attributes: [{ path: 'name.givenName', kind: 'changed', before: 'Jane', after: 'Janet' }],
      }),
    ]);
    const one = await api('GET', `/exchanges/${list.items[0]!.id}`);
    expect(one.body.changes).toEqual([
      expect.objectContaining({ resourceId: created.body.id, before: expect.objectContaining({ name: { givenName: 'Jane' } }) }),
    ]);
  });

  it('finds resources by name, gives a version timeline and a diff between two versions', async () => {
    const created = (
      await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'timeline@example.com', emails: [{ value: 'a@example.com', type: 'work' }] })
    ).body;
    await scim.request('PATCH', `/Users/${created.id}`, {
      schemas: [URN.patchOp],
      Operations: [
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'b@example.com' },
        { op: 'add', path: 'title', value: 'Engineer' },
      ],
    });

    const found = await api('GET', '/workspaces/default/resources?type=User&q=timeline');
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([created.id]);
    const versions = (await api('GET', `/workspaces/default/resources/${created.id}/versions`)).body as ResourceVersionEntry[];
    expect(versions).toHaveLength(2);
    const diff = (await api('GET', `/versions/${versions[0]!.id}/diff/${versions[1]!.id}`)).body as VersionDiffResponse;
    expect(diff.changes.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(diff.changes)).toContain('b@example.com');
    expect(JSON.stringify(diff.changes)).toContain('Engineer');
    expect((await api('GET', '/workspaces/nowhere/resources?type=User')).status).toBe(404);
  });
});

describe('sessions and settings', () => {
  it('starts, renames, clears and deletes sessions', async () => {
    const started = await api('POST', '/sessions', { name: 'Entra run' });
    expect(started.status).toBe(201);
    await scim.request('GET', '/Groups');
    const sessions = (await api('GET', '/sessions')).body;
    expect(sessions[0]).toMatchObject({ id: started.body.id, name: 'Entra run', exchangeCount: 1 });
    expect((await api('PATCH', `/sessions/${started.body.id}`, { name: 'Renamed' })).body.name).toBe('Renamed');
    expect((await api('POST', `/sessions/${started.body.id}/clear`)).body).toEqual({ removed: 1 });
    expect((await api('POST', '/sessions', { name: '' })).status).toBe(400);
    expect((await api('DELETE', `/sessions/${started.body.id}`)).status).toBe(204);
    expect((await api('DELETE', `/sessions/${started.body.id}`)).status).toBe(404);
  });

  it('exports a session as a session file or HAR and imports either back as a new imported session', async () => {
    const session = (await api('POST', '/sessions', { name: 'Export me' })).body;
    await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'export.me@example.com' });
    const json = await fetch(`${adminUrl}/sessions/${session.id}/export?format=json`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="Export-me.scim-session.json"');
    const file = (await json.json()) as { exchanges: unknown[] };
    expect(file.exchanges).toHaveLength(1);
    const har = (await (
      await fetch(`${adminUrl}/sessions/${session.id}/export?format=har`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as { log: { entries: unknown[] } };
    expect(har.log.entries).toHaveLength(1);

    const imported = await api('POST', '/sessions/import?name=Back', file);
    expect(imported).toMatchObject({ status: 201, body: { name: 'Back', exchangeCount: 1, imported: true } });
    const fromHar = await api('POST', '/sessions/import', har);
    expect(fromHar.body).toMatchObject({ name: 'Export me', exchangeCount: 1 });
    const importedChanges = (await api('GET', `/exchanges?session=${imported.body.id}`)).body.items[0];
    expect((await api('GET', `/exchanges/${importedChanges.id}`)).body.changes).toHaveLength(1);
    expect(await api('POST', '/sessions/import', { log: {} })).toEqual({ status: 400, body: { error: 'Cannot import: log.entries is missing.' } });
    expect((await api('GET', '/sessions/999999/export')).status).toBe(404);
    // Traffic keeps going to the live session, not the imported ones.
    await scim.request('GET', '/Users?count=0');
    expect((await api('GET', `/exchanges?limit=1`)).body.items[0].sessionId).toBe(session.id);
  });

  it('regenerates a workspace token: the old one is refused from the next SCIM request', async () => {
    const old = scim.token;
    const { body } = await api('POST', '/workspaces/default/token');
    expect(body.token).not.toBe(old);
    expect((await scim.request('GET', '/Users')).status).toBe(401);
    expect((await scim.request('GET', '/Users', undefined, { authorization: `Bearer ${body.token}` })).status).toBe(200);
    scim.app.workbench.workspaces.setToken('default', old);
  });
});

describe('live feed', () => {
  it('pushes new exchanges as server-sent events in batches', async () => {
    const controller = new AbortController();
    const response = await fetch(`${adminUrl}/feed?token=${ADMIN_TOKEN}`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const feed = readEventStream(response);
    await feed.next('ready');
    await Promise.all(Array.from({ length: 5 }, (_, i) => scim.request('GET', `/Users?count=${i}`)));
    const items = (data: string[]) => data.flatMap((batch) => (JSON.parse(batch) as FeedBatch).items);
    const batches = (await feed.eventsUntil('exchanges', (data) => items(data).length >= 5)).map((batch) => JSON.parse(batch) as FeedBatch);
    const urls = batches.flatMap((b) => b.items.map((e) => e.url));
    expect(urls.filter((url) => url.startsWith('/scim/v2/Users?count='))).toHaveLength(5);
    controller.abort();
  });

  it('sends each live exchange with its verdict although the search indexer, which judges them, has not reached it', async () => {
    const controller = new AbortController();
    const response = await fetch(`${adminUrl}/feed?token=${ADMIN_TOKEN}`, { signal: controller.signal });
    const feed = readEventStream(response);
    await feed.next('ready');
    // Entra ID reading a user that is not there: a correct 404, which Entra still counts as a failure.
    expect((await scim.request('GET', '/Users/no-such-user', undefined, { 'user-agent': 'Microsoft.Identity.Provisioning' })).status).toBe(404);
    const items = (data: string[]) => data.flatMap((batch) => (JSON.parse(batch) as FeedBatch).items);
    const sent = items(await feed.eventsUntil('exchanges', (data) => items(data).some((item) => item.url.endsWith('/no-such-user'))));
    const missing = sent.find((item) => item.url.endsWith('/no-such-user'))!;
    expect(missing.id).toBeGreaterThan(scim.app.workbench.searchIndexer.indexedThrough());
    expect(missing.verdicts).toEqual({ error: 0, warning: 1, info: 0 });
    controller.abort();
  });

  const feedItems = (data: string[]) => data.flatMap((batch) => (JSON.parse(batch) as FeedBatch).items);
  const openFeed = async (query: string, headers: Record<string, string> = {}) => {
    const controller = new AbortController();
    const response = await fetch(`${adminUrl}/feed?token=${ADMIN_TOKEN}${query}`, { signal: controller.signal, headers });
    return { feed: readEventStream(response), stop: () => controller.abort() };
  };

  it('answers a list with the newest exchange recorded before it, from which a feed sends those recorded after', async () => {
    await scim.request('GET', '/Users?filter=userName%20eq%20%22listed%40example.com%22');
    const { body: list } = await api<ExchangeListResponse>('GET', '/exchanges?limit=1');
    expect(list.items[0]!.url).toContain('listed%40example.com');
    expect(list.latestId).toBe(list.items[0]!.id);
    // Recorded after the list was read and before the feed connects.
    await scim.request('GET', '/Users?filter=userName%20eq%20%22in.between%40example.com%22');
    const { feed, stop } = await openFeed(`&since=${list.latestId}`);
    const urls = feedItems(await feed.eventsUntil('exchanges', (data) => feedItems(data).some((item) => item.url.includes('in.between')))).map(
      (item) => item.url,
    );
    expect(urls.some((url) => url.includes('listed%40example.com'))).toBe(false);
    stop();
  });

  it('goes on after the Last-Event-ID a reconnecting browser sends, not from when it connects again', async () => {
    const first = await openFeed('');
    await scim.request('GET', '/Users?filter=userName%20eq%20%22before.drop%40example.com%22');
    await first.feed.eventsUntil('exchanges', (data) => feedItems(data).some((item) => item.url.includes('before.drop')));
    first.stop();
    const reached = (await api<ExchangeListResponse>('GET', '/exchanges?limit=1')).body.latestId;
    await scim.request('GET', '/Users?filter=userName%20eq%20%22while.dropped%40example.com%22');

    const again = await openFeed('', { 'last-event-id': String(reached) });
    const sent = feedItems(await again.feed.eventsUntil('exchanges', (data) => feedItems(data).some((item) => item.url.includes('while.dropped'))));
    expect(sent.every((item) => item.id > reached)).toBe(true);
    again.stop();
  });

  it('starts from now when asked to go on from an exchange newer than any (another database, the newest deleted) or from a bad id', async () => {
    for (const [query, headers] of [
      ['&since=999999999', {}],
      ['', { 'last-event-id': '999999999' }],
      ['', { 'last-event-id': 'not-an-id' }],
    ] as const) {
      const { feed, stop } = await openFeed(query, headers);
      const ready = JSON.parse(await feed.next('ready')) as { since: number };
      const user = `after.reset.${ready.since}.${query.length}@example.com`;
      expect(ready.since).toBeLessThan(999999999);
      await scim.request('GET', `/Users?filter=userName%20eq%20%22${encodeURIComponent(user)}%22`);
      await feed.eventsUntil('exchanges', (data) => feedItems(data).some((item) => item.url.includes(encodeURIComponent(user))));
      stop();
    }
  });
});
