import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../support/scim-server';

/** Entra ID's provisioning request sequence over HTTP, one named check per step (run in order, sharing state). */

let server: ScimTestServer;
let userId = '';
let groupId = '';
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const q = (filter: string) => `?filter=${encodeURIComponent(filter)}`;

describe('Entra request sequence', () => {
  it('lookup by externalId finds nothing', async () => {
    expect((await server.request('GET', `/Users${q('externalId eq "e-1"')}`)).body.totalResults).toBe(0);
  });
  it('lookup by userName finds nothing', async () => {
    expect((await server.request('GET', `/Users${q('userName eq "entra.seq@example.com"')}`)).body.totalResults).toBe(0);
  });
  it('create with the enterprise extension → 201', async () => {
    const response = await server.request('POST', '/Users', {
      schemas: [URN.user, URN.enterpriseUser], externalId: 'e-1', userName: 'entra.seq@example.com', active: true,
      [URN.enterpriseUser]: { department: 'R&D' },
    });
    expect(response.status).toBe(201);
    expect(response.body[URN.enterpriseUser].department).toBe('R&D');
    userId = response.body.id;
  });
  it('PATCH {"op":"Replace","path":"active","value":"False"} deactivates', async () => {
    const response = await server.request('PATCH', `/Users/${userId}`, { schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect([200, 204]).toContain(response.status);
    expect((await server.request('GET', `/Users/${userId}`)).body.active).toBe(false);
  });
  it('group create', async () => {
    const response = await server.request('POST', '/Groups', { schemas: [URN.group], externalId: 'g-1', displayName: 'Entra Group' });
    expect(response.status).toBe(201);
    groupId = response.body.id;
  });
  it('member add then remove by members[value eq "id"]', async () => {
    await server.request('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'Add', path: 'members', value: [{ value: userId }] }] });
    expect((await server.request('GET', `/Groups/${groupId}`)).body.members.map((m: any) => m.value)).toEqual([userId]);
    await server.request('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'Remove', path: `members[value eq "${userId}"]` }] });
    expect((await server.request('GET', `/Groups/${groupId}`)).body.members ?? []).toEqual([]);
  });
  it('group delete and user delete → 204', async () => {
    expect((await server.request('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expect((await server.request('DELETE', `/Users/${userId}`)).status).toBe(204);
  });
});
