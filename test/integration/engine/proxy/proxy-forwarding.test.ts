import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureProxy } from '../../../../src/engine/proxy/proxy-config';
import type { RecordedExchange } from '../../../../src/shared/recording';
import { exportSessionText } from '../../../support/export-text';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * A workbench in front of a second workbench (the upstream): the same answers through the proxy as
 * direct, recorded with observed versions, the IdP's credentials replaced and the upstream's never recorded.
 */
describe('proxy mode in front of another SCIM server', () => {
  let upstream: ScimTestServer;
  let proxy: ScimTestServer;

  beforeAll(async () => {
    upstream = await startScimServer();
    proxy = await startScimServer();
    const { workbench } = proxy.app;
    // The live session exists before the first exchange is waiting to be written.
    workbench.recordings.currentSessionId();
    configureProxy(workbench.db, workbench.workspaces, 'default', { upstream: upstream.baseUrl, auth: { mode: 'bearer', secret: upstream.token } });
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  const direct = (method: string, path: string, body?: unknown) => upstream.request(method, path, body);
  const proxied = (method: string, path: string, body?: unknown) => proxy.request(method, path, body);
  const recorded = (): RecordedExchange[] => {
    const { recordings } = proxy.app.workbench;
    return recordings.sessionExchanges(recordings.currentSessionId());
  };

  it('creates, reads, patches, lists and deletes on the upstream with the answers the upstream gives directly', async () => {
    const created = await proxied('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com', active: true });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    const id = created.body.id as string;
    expect(created.headers.location).toBe(`${upstream.baseUrl}/Users/${id}`);

    const viaProxy = await proxied('GET', `/Users/${id}`);
    const viaUpstream = await direct('GET', `/Users/${id}`);
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.body).toEqual(viaUpstream.body);
    expect(viaProxy.headers.etag).toBe(viaUpstream.headers.etag);

    const patched = await proxied('PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);
    expect((await direct('GET', `/Users/${id}`)).body.active).toBe(false);

    const listViaProxy = await proxied('GET', '/Users?filter=userName%20eq%20%22ada%40example.com%22');
    const listDirect = await direct('GET', '/Users?filter=userName%20eq%20%22ada%40example.com%22');
    expect(listViaProxy.body).toEqual(listDirect.body);
    expect(listViaProxy.body.totalResults).toBe(1);

    const discovery = await proxied('GET', '/ServiceProviderConfig');
    expect(discovery.body).toEqual((await direct('GET', '/ServiceProviderConfig')).body);

    expect((await proxied('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await direct('GET', `/Users/${id}`)).status).toBe(404);
    const missing = await proxied('GET', `/Users/${id}`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe((await direct('GET', `/Users/${id}`)).body.detail);

    // The proxy's own store holds nothing: the upstream owns the resources.
    expect((await proxy.app.workbench.resources.list({ workspaceId: 1, baseUrl: proxy.baseUrl }, 'User', {})).totalResults).toBe(0);

    await expect.poll(() => recorded().length).toBeGreaterThanOrEqual(7);
    const exchanges = recorded();
    const createExchange = exchanges.find((exchange) => exchange.request.method === 'POST')!;
    expect(createExchange.response.status).toBe(201);
    expect(JSON.parse(createExchange.response.body!)).toEqual(created.body);
    expect(createExchange.notes.map((note) => `${note.kind}:${note.code}`)).toContain('proxied:forwarded');
    expect(createExchange.changes).toEqual([
      { resourceType: 'User', resourceId: id, before: null, after: expect.objectContaining({ userName: 'ada@example.com', active: true }), observed: true },
    ]);
    const timeline = proxy.app.workbench.recordings.versionsOf('default', id);
    expect(timeline.map((version) => [version.before === null ? 'created' : version.after === null ? 'deleted' : 'updated', version.observed])).toEqual([
      ['created', true],
      ['updated', true],
      ['deleted', true],
    ]);
    expect(timeline[1]!.after).toMatchObject({ active: false });
    expect(timeline[1]!.before).toMatchObject({ active: true });
  });

  it('records a group PATCH answered 204 only when it reads the group back after the write', async () => {
    const { workbench } = proxy.app;
    const user = (await proxied('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'member@example.com' })).body;
    const group = (await proxied('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineers' })).body;
    const addMember = (value: string) =>
      proxied('PATCH', `/Groups/${group.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [{ value }] }],
      });
    const groupVersions = () => (workbench.recorder.flush(), workbench.recordings.versionsOf('default', group.id));

    expect((await addMember(user.id)).status).toBe(204);
    await expect.poll(() => recorded().filter((exchange) => exchange.request.method === 'PATCH' && exchange.request.url.includes(group.id)).length).toBe(1);
    // A 204 says nothing of the result: only the create is observed.
    expect(groupVersions()).toHaveLength(1);

    configureProxy(workbench.db, workbench.workspaces, 'default', { upstream: upstream.baseUrl, auth: { mode: 'bearer' }, observeAfterWrite: true });
    const second = (await proxied('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'second@example.com' })).body;
    const answer = await addMember(second.id);
    expect(answer.status).toBe(204);
    expect(answer.body).toBeUndefined();
    await expect.poll(() => groupVersions().length).toBe(2);
    // Against the last observed version: the member added unobserved before shows up now too.
    expect(groupVersions()[1]).toMatchObject({ observed: true, after: { displayName: 'Engineers' } });
    expect(new Set(groupVersions()[1]!.membersAdded)).toEqual(new Set([user.id, second.id]));
    configureProxy(workbench.db, workbench.workspaces, 'default', { upstream: upstream.baseUrl, auth: { mode: 'bearer' }, observeAfterWrite: false });
  });

  it('forwards a path this server does not serve to the upstream instead of answering it itself', async () => {
    const viaProxy = await proxied('GET', '/Devices');
    const viaUpstream = await direct('GET', '/Devices');
    expect(viaProxy.status).toBe(404);
    expect(viaProxy.body).toEqual(viaUpstream.body);
    await expect.poll(() => recorded().some((exchange) => exchange.request.url.endsWith('/Devices'))).toBe(true);
  });

  it('refuses an IdP without the workspace credentials and never sends the upstream token anywhere it is kept', async () => {
    const refused = await proxy.request('GET', '/Users', undefined, { authorization: `Bearer ${upstream.token}` });
    expect(refused.status).toBe(401);

    // The upstream saw the replaced credentials: it answered, and recorded them redacted.
    const { recordings } = upstream.app.workbench;
    await expect.poll(() => recordings.sessionExchanges(recordings.currentSessionId()).length).toBeGreaterThan(0);
    const seenUpstream = recordings.sessionExchanges(recordings.currentSessionId());
    expect(seenUpstream.every((exchange) => exchange.response.status !== 401)).toBe(true);

    proxy.app.workbench.recorder.flush();
    const stored = proxy.app.workbench.db
      .prepare("SELECT group_concat(request || response || notes || coalesce(request_body, '') || coalesce(response_body, ''), '') FROM exchanges")
      .pluck()
      .get() as string;
    expect(stored).toContain('/Users');
    expect(stored).not.toContain(upstream.token);
    expect(stored).not.toContain(proxy.token);
    const versions = proxy.app.workbench.db
      .prepare("SELECT group_concat(coalesce(before, '') || coalesce(after, ''), '') FROM resource_versions")
      .pluck()
      .get() as string;
    expect(versions).not.toContain(upstream.token);

    const ownRecordings = proxy.app.workbench.recordings;
    for (const format of ['json', 'har'] as const) {
      const { text } = await exportSessionText(ownRecordings, ownRecordings.currentSessionId(), format, { creatorVersion: 'test' });
      expect(text).toContain('ada@example.com');
      if (format === 'json') expect(text).toContain('"observed":true');
      expect(text).not.toContain(upstream.token);
      expect(text).not.toContain(proxy.token);
    }
  });
});
