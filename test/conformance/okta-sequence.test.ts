import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../support/scim-server';
import { filterQuery, notesOf, openWorkspace, type WorkspaceClient } from '../support/workspace-client';

/**
 * Okta's provisioning requests over HTTP, in the order and shapes of Okta's SCIM 2.0 guide
 * ("SCIM 2.0 (Header Auth)" app: test connection, create, profile PUT, deactivate/reactivate with a
 * path-less PATCH, re-POST on reassignment, import, group push with path-less rename echoing the id),
 * one named check per step, run in the default `auto` mode and in the `okta` mode.
 */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const patchOp = (...Operations: unknown[]) => ({ schemas: [URN.patchOp], Operations });

describe.each(['auto', 'okta'] as const)('Okta request sequence, %s mode', (mode) => {
  let ws: WorkspaceClient;
  let userId = '';
  let secondId = '';
  let groupId = '';
  const user = {
    schemas: [URN.user],
    userName: `okta.seq.${mode}@example.com`,
    externalId: `00u${mode}`,
    name: { givenName: 'Okta', familyName: 'Seq' },
    emails: [{ value: `okta.seq.${mode}@example.com`, primary: true, type: 'work' }],
    displayName: 'Okta Seq',
    locale: 'en-US',
    password: 'Secret-123',
    groups: [],
    active: true,
  };
  beforeAll(() => {
    ws = openWorkspace(server, `okta-seq-${mode}`, { compatibility: mode });
  });

  it('test connection: GET /Users?startIndex=1&count=1 → ListResponse', async () => {
    const response = await ws.request('GET', '/Users?startIndex=1&count=1');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/scim+json');
    expect(response.body).toMatchObject({ schemas: [URN.listResponse], totalResults: 0, startIndex: 1, Resources: [] });
  });
  it('lookup by userName (startIndex=1&count=100) finds nothing yet', async () => {
    const response = await ws.request('GET', `/Users${filterQuery(`userName eq "${user.userName}"`)}&startIndex=1&count=100`);
    expect(response.body.totalResults).toBe(0);
  });
  it('create user → 201 with Location, ETag, the values sent, and no password', async () => {
    const response = await ws.request('POST', '/Users', user);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ userName: user.userName, externalId: user.externalId, name: user.name, active: true });
    expect(response.body).not.toHaveProperty('password');
    expect(response.headers.location).toBe(response.body.meta.location);
    expect(response.headers.etag).toBe(response.body.meta.version);
    userId = response.body.id;
  });
  it('create the same userName again → 409 uniqueness', async () => {
    const response = await ws.request('POST', '/Users', { ...user, externalId: '00u-other' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ schemas: [URN.error], status: '409', scimType: 'uniqueness' });
  });
  it('lookup by userName in another case finds the user', async () => {
    const response = await ws.request('GET', `/Users${filterQuery(`userName eq "${user.userName.toUpperCase()}"`)}&startIndex=1&count=100`);
    expect(response.body.Resources.map((r: { id: string }) => r.id)).toEqual([userId]);
  });
  it('profile update: PUT the whole user', async () => {
    const response = await ws.request('PUT', `/Users/${userId}`, { ...user, id: userId, name: { givenName: 'Okta', familyName: 'Changed' } });
    expect(response.status).toBe(200);
    expect(response.body.name).toEqual({ givenName: 'Okta', familyName: 'Changed' });
    expect(response.body.id).toBe(userId);
  });
  it('deactivate: PATCH {"op":"replace","value":{"active":false}} → 200 with the user', async () => {
    const response = await ws.request('PATCH', `/Users/${userId}`, patchOp({ op: 'replace', value: { active: false } }));
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(false);
  });
  it('reassignment re-POSTs the user with the same externalId → 201, same id, reactivated', async () => {
    const response = await ws.request('POST', '/Users', user);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: userId, active: true });
    expect(notesOf(response)).toContain('relinked:reprovisioned');
  });
  it('deactivate and reactivate with PATCH active', async () => {
    for (const active of [false, true]) {
      const response = await ws.request('PATCH', `/Users/${userId}`, patchOp({ op: 'replace', value: { active } }));
      expect(response.body.active).toBe(active);
    }
  });
  it('import: users and groups paged with startIndex/count', async () => {
    secondId = (await ws.request('POST', '/Users', { schemas: [URN.user], userName: `second.${mode}@example.com` })).body.id;
    const first = await ws.request('GET', '/Users?startIndex=1&count=1');
    const second = await ws.request('GET', '/Users?startIndex=2&count=1');
    expect([first.body.totalResults, first.body.itemsPerPage, second.body.startIndex]).toEqual([2, 1, 2]);
    expect([first.body.Resources[0].id, second.body.Resources[0].id].sort()).toEqual([userId, secondId].sort());
    expect((await ws.request('GET', '/Groups?startIndex=1&count=100')).body.totalResults).toBe(0);
  });
  it('group push: lookup by displayName, then create with members {value, display} and no type', async () => {
    expect((await ws.request('GET', `/Groups${filterQuery('displayName eq "Okta Group"')}`)).body.totalResults).toBe(0);
    const response = await ws.request('POST', '/Groups', {
      schemas: [URN.group],
      displayName: 'Okta Group',
      members: [{ value: userId, display: user.userName }],
    });
    expect(response.status).toBe(201);
    expect(response.body.members).toEqual([expect.objectContaining({ value: userId, type: 'User' })]);
    groupId = response.body.id;
  });
  it('group push: rename with a path-less replace echoing the id → 204', async () => {
    const response = await ws.request('PATCH', `/Groups/${groupId}`, patchOp({ op: 'replace', value: { id: groupId, displayName: 'Okta Renamed' } }));
    expect(response.status).toBe(204);
    expect(notesOf(response)).toContain('normalised:pathlessReplaceWithId');
    expect((await ws.request('GET', `/Groups/${groupId}`)).body.displayName).toBe('Okta Renamed');
  });
  it('group push: add then remove members by members[value eq "id"] → 204', async () => {
    const add = await ws.request('PATCH', `/Groups/${groupId}`, patchOp({ op: 'add', path: 'members', value: [{ value: secondId, display: 'second' }] }));
    expect(add.status).toBe(204);
    const remove = await ws.request('PATCH', `/Groups/${groupId}`, patchOp({ op: 'remove', path: `members[value eq "${userId}"]` }));
    expect(remove.status).toBe(204);
    expect((await ws.request('GET', `/Groups/${groupId}`)).body.members.map((m: { value: string }) => m.value)).toEqual([secondId]);
    expect((await ws.request('GET', `/Users/${userId}`)).body.groups ?? []).toEqual([]);
  });
  it('group push: delete → 204, then 404', async () => {
    expect((await ws.request('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    const gone = await ws.request('GET', `/Groups/${groupId}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ schemas: [URN.error], status: '404' });
  });
  it('a wrong token → 401 with the error schema', async () => {
    const response = await ws.request('GET', '/Users', undefined, { authorization: 'Bearer wrong' });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ schemas: [URN.error], status: '401' });
  });
});
