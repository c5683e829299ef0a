import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { startScimServer, type ScimResponse, type ScimTestServer } from '../support/scim-server';
import { filterQuery, notesOf, openWorkspace, type WorkspaceClient } from '../support/workspace-client';

/**
 * Microsoft Entra ID's provisioning requests over HTTP, in the order and shapes of Microsoft's
 * "Develop a SCIM endpoint" guide: test connection with a random userName, lookups by externalId
 * and userName, create with the enterprise extension, PATCH with capitalised ops, "False",
 * a bare manager id, member changes with `$ref: null` and removal by a value list, and the
 * `members[value eq …]` membership check. One named check per step, in the `auto` and `entra`
 * modes; then the aadOptscim062020 form (lower-case ops, path-less replace with dotted keys) in
 * `entra-lenient`.
 */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const patchOp = (...Operations: unknown[]) => ({ schemas: [URN.patchOp], Operations });
const ENTERPRISE = URN.enterpriseUser;
const memberIds = (response: ScimResponse) => (response.body.members ?? []).map((m: { value: string }) => m.value);

describe.each(['auto', 'entra'] as const)('Entra request sequence, %s mode', (mode) => {
  let ws: WorkspaceClient;
  let userId = '';
  let managerId = '';
  let groupId = '';
  const userName = `entra.seq.${mode}@example.com`;
  beforeAll(() => {
    ws = openWorkspace(server, `entra-seq-${mode}`, { compatibility: mode });
  });

  it('test connection: a random userName filter → 200, totalResults 0', async () => {
    const response = await ws.request('GET', `/Users${filterQuery('userName eq "non-existent user a3f1"')}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [URN.listResponse], totalResults: 0, Resources: [] });
  });
  it('lookup by externalId, then by userName, finds nothing', async () => {
    expect((await ws.request('GET', `/Users${filterQuery(`externalId eq "e-${mode}"`)}`)).body.totalResults).toBe(0);
    expect((await ws.request('GET', `/Users${filterQuery(`userName eq "${userName}"`)}`)).body.totalResults).toBe(0);
  });
  it('create with the enterprise extension → 201', async () => {
    managerId = (await ws.request('POST', '/Users', { schemas: [URN.user], userName: `boss.${mode}@example.com` })).body.id;
    const response = await ws.request('POST', '/Users', {
      schemas: [URN.user, ENTERPRISE],
      externalId: `e-${mode}`,
      userName,
      active: true,
      name: { givenName: 'Entra', familyName: 'Seq', formatted: 'Entra Seq' },
      emails: [{ primary: true, type: 'work', value: userName }],
      roles: [],
      [ENTERPRISE]: { department: 'R&D', employeeNumber: '701984' },
    });
    expect(response.status).toBe(201);
    expect(response.body[ENTERPRISE]).toEqual({ department: 'R&D', employeeNumber: '701984' });
    userId = response.body.id;
  });
  it('lookup by externalId finds the user', async () => {
    const response = await ws.request('GET', `/Users${filterQuery(`externalId eq "e-${mode}"`)}`);
    expect(response.body.Resources.map((r: { id: string }) => r.id)).toEqual([userId]);
  });
  it('update: capitalised ops on emails[type eq "work"].value and name.familyName → 204 in entra mode', async () => {
    const response = await ws.request(
      'PATCH',
      `/Users/${userId}`,
      patchOp(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: `updated.${userName}` },
        { op: 'Replace', path: 'name.familyName', value: 'Updated' },
      ),
    );
    expect(response.status).toBe(mode === 'entra' ? 204 : 200);
    expect(notesOf(response)).toContain('normalised:capitalisedOp');
    const stored = (await ws.request('GET', `/Users/${userId}`)).body;
    expect(stored.emails).toEqual([{ primary: true, type: 'work', value: `updated.${userName}` }]);
    expect(stored.name.familyName).toBe('Updated');
  });
  it('manager as a bare id: {"op":"Add","path":"…:manager","value":"id"}', async () => {
    const response = await ws.request('PATCH', `/Users/${userId}`, patchOp({ op: 'Add', path: `${ENTERPRISE}:manager`, value: managerId }));
    expect(response.status).toBeLessThan(300);
    expect(notesOf(response)).toContain('normalised:managerString');
    expect((await ws.request('GET', `/Users/${userId}`)).body[ENTERPRISE].manager).toEqual({ value: managerId });
  });
  it('disable: {"op":"Replace","path":"active","value":"False"}', async () => {
    const response = await ws.request('PATCH', `/Users/${userId}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }));
    expect(response.status).toBeLessThan(300);
    expect(notesOf(response)).toContain('normalised:stringBoolean');
    expect((await ws.request('GET', `/Users/${userId}`)).body.active).toBe(false);
  });
  it('group create, then lookup with excludedAttributes=members', async () => {
    const created = await ws.request('POST', '/Groups', { schemas: [URN.group], externalId: `g-${mode}`, displayName: `Entra Group ${mode}`, members: [] });
    expect(created.status).toBe(201);
    groupId = created.body.id;
    const found = await ws.request('GET', `/Groups${filterQuery(`displayName eq "Entra Group ${mode}"`)}&excludedAttributes=members`);
    expect(found.body.Resources).toEqual([expect.not.objectContaining({ members: expect.anything() })]);
    expect(found.body.Resources[0].id).toBe(groupId);
  });
  it('member add: [{"$ref":null,"value":id}] → 204', async () => {
    const response = await ws.request(
      'PATCH',
      `/Groups/${groupId}`,
      patchOp({
        op: 'Add',
        path: 'members',
        value: [
          { $ref: null, value: userId },
          { $ref: null, value: managerId },
        ],
      }),
    );
    expect(response.status).toBe(204);
    expect(notesOf(response)).toContain('normalised:nullRefMember');
    expect(memberIds(await ws.request('GET', `/Groups/${groupId}`)).sort()).toEqual([userId, managerId].sort());
  });
  it('membership check: id eq … and members[value eq …] with excludedAttributes=members', async () => {
    const check = (id: string) => ws.request('GET', `/Groups${filterQuery(`id eq "${groupId}" and members[value eq "${id}"]`)}&excludedAttributes=members`);
    expect((await check(userId)).body.totalResults).toBe(1);
    expect((await check('someone-else')).body.totalResults).toBe(0);
  });
  it('member removal by a value list → 204, the other member stays', async () => {
    const response = await ws.request('PATCH', `/Groups/${groupId}`, patchOp({ op: 'Remove', path: 'members', value: [{ $ref: null, value: managerId }] }));
    expect(response.status).toBe(204);
    expect(notesOf(response)).toContain('normalised:memberRemovalValueList');
    expect(memberIds(await ws.request('GET', `/Groups/${groupId}`))).toEqual([userId]);
  });
  it('group rename: {"op":"Replace","path":"displayName"} → 204', async () => {
    expect((await ws.request('PATCH', `/Groups/${groupId}`, patchOp({ op: 'Replace', path: 'displayName', value: 'Entra Renamed' }))).status).toBe(204);
    expect((await ws.request('GET', `/Groups/${groupId}`)).body.displayName).toBe('Entra Renamed');
  });
  it('group delete and user delete → 204, then 404', async () => {
    expect((await ws.request('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expect((await ws.request('DELETE', `/Users/${userId}`)).status).toBe(204);
    expect((await ws.request('GET', `/Users/${userId}`)).status).toBe(404);
  });
});

describe('Entra aadOptscim062020 sequence, entra-lenient mode', () => {
  let ws: WorkspaceClient;
  let userId = '';
  beforeAll(async () => {
    ws = openWorkspace(server, 'entra-seq-flag', { compatibility: 'entra-lenient' });
    userId = (await ws.request('POST', '/Users', { schemas: [URN.user, ENTERPRISE], externalId: 'e-flag', userName: 'flag@example.com', active: true })).body
      .id;
  });

  it('path-less replace with dotted keys and real booleans → 204, every key applied', async () => {
    const response = await ws.request(
      'PATCH',
      `/Users/${userId}`,
      patchOp({
        op: 'replace',
        value: {
          displayName: 'Flag User',
          'name.givenName': 'Flag',
          'name.familyName': 'User',
          'emails[type eq "work"].value': 'flag.work@example.com',
          [`${ENTERPRISE}:employeeNumber`]: '42',
          active: false,
        },
      }),
    );
    expect(response.status).toBe(204);
    expect(notesOf(response)).toEqual(['normalised:dottedPathlessKeys']);
    expect((await ws.request('GET', `/Users/${userId}`)).body).toMatchObject({
      displayName: 'Flag User',
      name: { givenName: 'Flag', familyName: 'User' },
      emails: [{ type: 'work', value: 'flag.work@example.com' }],
      [ENTERPRISE]: { employeeNumber: '42' },
      active: false,
    });
  });
  it('the same request is refused with invalidValue in the plain entra mode', async () => {
    const entra = openWorkspace(server, 'entra-seq-noflag', { compatibility: 'entra' });
    const id = (await entra.request('POST', '/Users', { schemas: [URN.user], userName: 'noflag@example.com' })).body.id;
    const response = await entra.request('PATCH', `/Users/${id}`, patchOp({ op: 'replace', value: { 'name.givenName': 'Flag' } }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [URN.error], scimType: 'invalidValue' });
  });
});
