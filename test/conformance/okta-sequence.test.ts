import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../support/scim-server';

/** Okta's provisioning request sequence over HTTP, one named check per step (run in order, sharing state). */

let server: ScimTestServer;
let userId = '';
let groupId = '';
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const user = { schemas: [URN.user], userName: 'okta.seq@example.com', name: { givenName: 'Okta', familyName: 'Seq' }, emails: [{ value: 'okta.seq@example.com', primary: true, type: 'work' }], active: true };

describe('Okta request sequence', () => {
  it('test connection: GET /Users?startIndex=1&count=1', async () => {
    const response = await server.request('GET', '/Users?startIndex=1&count=1');
    expect(response.status).toBe(200);
    expect(response.body.schemas).toEqual([URN.listResponse]);
  });
  it('lookup by userName filter finds nothing yet', async () => {
    const response = await server.request('GET', `/Users?filter=${encodeURIComponent('userName eq "okta.seq@example.com"')}&startIndex=1&count=100`);
    expect(response.body.totalResults).toBe(0);
  });
  it('create user → 201', async () => {
    const response = await server.request('POST', '/Users', user);
    expect(response.status).toBe(201);
    userId = response.body.id;
  });
  it('create the same userName again → 409 uniqueness', async () => {
    const response = await server.request('POST', '/Users', user);
    expect(response.status).toBe(409);
    expect(response.body.scimType).toBe('uniqueness');
  });
  it('get user by id', async () => {
    expect((await server.request('GET', `/Users/${userId}`)).body.userName).toBe(user.userName);
  });
  it('PUT update', async () => {
    const response = await server.request('PUT', `/Users/${userId}`, { ...user, name: { givenName: 'Okta', familyName: 'Changed' } });
    expect(response.status).toBe(200);
    expect(response.body.name.familyName).toBe('Changed');
  });
  for (const active of [false, true]) {
    it(`PATCH ${active ? 'reactivate' : 'deactivate'}`, async () => {
      const response = await server.request('PATCH', `/Users/${userId}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { active } }] });
      expect(response.status).toBe(200);
      expect(response.body.active).toBe(active);
    });
  }
  it('import users and groups, paged', async () => {
    expect((await server.request('GET', '/Users?startIndex=1&count=100')).body.totalResults).toBe(1);
    expect((await server.request('GET', '/Groups?startIndex=1&count=100')).status).toBe(200);
  });
  it('group push: create', async () => {
    const response = await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Okta Group', members: [] });
    expect(response.status).toBe(201);
    groupId = response.body.id;
  });
  it('group push: PATCH members add then remove', async () => {
    const add = await server.request('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] });
    expect([200, 204]).toContain(add.status);
    expect((await server.request('GET', `/Groups/${groupId}`)).body.members.map((m: any) => m.value)).toEqual([userId]);
    const remove = await server.request('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }] });
    expect([200, 204]).toContain(remove.status);
    expect((await server.request('GET', `/Groups/${groupId}`)).body.members ?? []).toEqual([]);
  });
  it('group push: rename', async () => {
    const response = await server.request('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { id: groupId, displayName: 'Renamed' } }] });
    expect([200, 204]).toContain(response.status);
    expect((await server.request('GET', `/Groups/${groupId}`)).body.displayName).toBe('Renamed');
  });
  it('group push: delete', async () => {
    expect((await server.request('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expect((await server.request('GET', `/Groups/${groupId}`)).status).toBe(404);
  });
});
