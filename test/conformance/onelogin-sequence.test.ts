import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../support/scim-server';
import { filterQuery, notesOf, openWorkspace, type WorkspaceClient } from '../support/workspace-client';

/**
 * OneLogin's provisioning requests over HTTP (base URL + bearer token): lookups with unquoted
 * filter values, a user create carrying the SCIM 1.1 core URN, `emails` as one object and "true"
 * as a string, a PUT profile update, deactivation by PUT, and group membership. One named check per
 * step, in the `auto` and `onelogin` modes.
 */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

describe.each(['auto', 'onelogin'] as const)('OneLogin request sequence, %s mode', (mode) => {
  let ws: WorkspaceClient;
  let userId = '';
  let groupId = '';
  const userName = `onelogin.${mode}@example.com`;
  const body = (active: unknown) => ({
    schemas: ['urn:scim:schemas:core:1.0'],
    userName,
    externalId: `ol-${mode}`,
    active,
    name: { givenName: 'One', familyName: 'Login' },
    emails: { value: userName, type: 'work', primary: 'true' },
  });
  beforeAll(() => {
    ws = openWorkspace(server, `onelogin-seq-${mode}`, { compatibility: mode });
  });

  it('lookup with an unquoted value: userName eq one@… → 200, nothing yet', async () => {
    const response = await ws.request('GET', `/Users${filterQuery(`userName eq ${userName}`)}`);
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(0);
    expect(notesOf(response)).toEqual(['normalised:unquotedFilterValue']);
  });
  it('create with the SCIM 1.1 URN, emails as an object and "true" → 201 in SCIM 2.0 shape', async () => {
    const response = await ws.request('POST', '/Users', body('true'));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ schemas: [URN.user], active: true, emails: [{ value: userName, type: 'work', primary: true }] });
    expect(notesOf(response).sort()).toEqual(['normalised:emailsObject', 'normalised:scim11CoreUrn', 'normalised:stringBoolean']);
    userId = response.body.id;
  });
  it('lookup with an unquoted value finds the user', async () => {
    const response = await ws.request('GET', `/Users${filterQuery(`userName eq ${userName}`)}`);
    expect(response.body.Resources.map((r: { id: string }) => r.id)).toEqual([userId]);
  });
  it('profile update and deactivation by PUT', async () => {
    const response = await ws.request('PUT', `/Users/${userId}`, { ...body('false'), name: { givenName: 'One', familyName: 'Changed' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: userId, active: false, name: { familyName: 'Changed' } });
  });
  it('group create with the member, then remove it by PATCH', async () => {
    const created = await ws.request('POST', '/Groups', { schemas: [URN.group], displayName: `OneLogin ${mode}`, members: [{ value: userId }] });
    expect(created.status).toBe(201);
    groupId = created.body.id;
    const removed = await ws.request('PATCH', `/Groups/${groupId}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }],
    });
    expect(removed.status).toBe(204);
    expect((await ws.request('GET', `/Groups/${groupId}`)).body.members ?? []).toEqual([]);
  });
  it('delete user and group → 204', async () => {
    expect((await ws.request('DELETE', `/Users/${userId}`)).status).toBe(204);
    expect((await ws.request('DELETE', `/Groups/${groupId}`)).status).toBe(204);
  });
});

describe('the same OneLogin create in strict mode', () => {
  it('is refused with invalidValue, naming the SCIM 1.1 URN', async () => {
    const ws = openWorkspace(server, 'onelogin-strict', { compatibility: 'strict' });
    const response = await ws.request('POST', '/Users', {
      schemas: ['urn:scim:schemas:core:1.0'],
      userName: 'strict@example.com',
      emails: { value: 'strict@example.com' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [URN.error], scimType: 'invalidValue' });
    expect(response.body.detail).toContain('urn:scim:schemas:core:1.0');
  });
});
