import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * The requests Microsoft Entra ID's provisioning service makes, in the shapes it sends them:
 * https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups
 */

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const ENTERPRISE = URN.enterpriseUser;

function entraUser(userName: string, extension: Record<string, unknown> = {}) {
  return {
    schemas: [URN.user, ENTERPRISE],
    externalId: randomUUID(),
    userName,
    active: true,
    displayName: 'Test User',
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
    [ENTERPRISE]: { department: 'Engineering', ...extension },
  };
}

async function createUser(userName: string, extension: Record<string, unknown> = {}) {
  const body = entraUser(userName, extension);
  const response = await server.request('POST', '/Users', body);
  expect(response.status).toBe(201);
  return { ...(response.body as { id: string }), externalId: body.externalId };
}

async function createGroup(displayName: string, memberIds: string[] = []) {
  const response = await server.request('POST', '/Groups', {
    schemas: [URN.group],
    externalId: randomUUID(),
    displayName,
    members: memberIds.map((value) => ({ value })),
  });
  expect(response.status).toBe(201);
  return response.body as { id: string };
}

const patch = (path: string, Operations: unknown[]) => server.request('PATCH', path, { schemas: [URN.patchOp], Operations });

const filterQuery = (filter: string) => `filter=${encodeURIComponent(filter)}`;
const memberIds = (group: { members?: { value: string }[] }) => (group.members ?? []).map((member) => member.value).sort();

describe('Entra user lookup by externalId', () => {
  it('finds no user for an unknown externalId', async () => {
    const response = await server.request('GET', `/Users?${filterQuery(`externalId eq "${randomUUID()}"`)}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [URN.listResponse], totalResults: 0 });
  });

  it('finds the user created with that externalId', async () => {
    const user = await createUser('lookup@contoso.com');
    const response = await server.request('GET', `/Users?${filterQuery(`externalId eq "${user.externalId}"`)}`);
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0]).toMatchObject({ id: user.id, externalId: user.externalId });
  });
});

describe('Entra user creation with the enterprise extension', () => {
  it('stores department and manager.value under the extension URN', async () => {
    const manager = await createUser('manager@contoso.com');
    const response = await server.request('POST', '/Users', entraUser('report@contoso.com', { manager: { value: manager.id } }));
    expect(response.status).toBe(201);
    expect(response.body[ENTERPRISE]).toEqual({ department: 'Engineering', manager: { value: manager.id } });
    expect(response.body.schemas).toEqual([URN.user, ENTERPRISE]);
  });

  it('ignores the readOnly meta the client sends', async () => {
    const response = await server.request('POST', '/Users', entraUser('meta@contoso.com'));
    expect(response.body.meta).toMatchObject({ resourceType: 'User', location: `${server.baseUrl}/Users/${response.body.id}` });
    expect(response.body.meta.created).toEqual(expect.any(String));
  });
});

describe('Entra user PATCH', () => {
  it('deactivates with {"op":"Replace","path":"active","value":"False"}', async () => {
    const user = await createUser('deactivate@contoso.com');
    const response = await patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'active', value: 'False' }]);
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(false);
  });

  it('reactivates with {"op":"Replace","path":"active","value":"True"}', async () => {
    const user = await createUser('reactivate@contoso.com');
    await patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'active', value: 'False' }]);
    const response = await patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'active', value: 'True' }]);
    expect(response.body.active).toBe(true);
  });

  it('stores the boolean, not the string, so a filter on active matches', async () => {
    const user = await createUser('active.filter@contoso.com');
    await patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'active', value: 'False' }]);
    const response = await server.request('GET', `/Users?${filterQuery(`userName eq "active.filter@contoso.com" and active eq false`)}`);
    expect(response.body.totalResults).toBe(1);
  });

  it('replaces the work email with Add emails[type eq "work"].value', async () => {
    const user = await createUser('email.old@contoso.com');
    const response = await patch(`/Users/${user.id}`, [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'email.new@contoso.com' }]);
    expect(response.status).toBe(200);
    expect(response.body.emails).toEqual([{ primary: true, type: 'work', value: 'email.new@contoso.com' }]);
  });

  it('creates the work email with Add emails[type eq "work"].value when the user has none', async () => {
    const body = { ...entraUser('no.email@contoso.com'), emails: undefined };
    const created = await server.request('POST', '/Users', body);
    const response = await patch(`/Users/${created.body.id}`, [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'first.email@contoso.com' }]);
    expect(response.body.emails).toEqual([{ type: 'work', value: 'first.email@contoso.com' }]);
  });

  it('replaces an enterprise attribute addressed by its URN path', async () => {
    const user = await createUser('department@contoso.com');
    const response = await patch(`/Users/${user.id}`, [{ op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Sales' }]);
    expect(response.status).toBe(200);
    expect(response.body[ENTERPRISE].department).toBe('Sales');
  });

  it('sets the manager with Add on the URN path manager.value', async () => {
    const manager = await createUser('boss@contoso.com');
    const user = await createUser('employee@contoso.com');
    const response = await patch(`/Users/${user.id}`, [{ op: 'Add', path: `${ENTERPRISE}:manager.value`, value: manager.id }]);
    expect(response.status).toBe(200);
    expect(response.body[ENTERPRISE].manager).toEqual({ value: manager.id });
  });

  it('removes an enterprise attribute with Remove on its URN path', async () => {
    const user = await createUser('remove.department@contoso.com', { costCenter: 'CC-1' });
    const response = await patch(`/Users/${user.id}`, [{ op: 'Remove', path: `${ENTERPRISE}:department` }]);
    expect(response.status).toBe(200);
    expect(response.body[ENTERPRISE]).toEqual({ costCenter: 'CC-1' });
  });

  it('applies several capitalised operations in one request', async () => {
    const user = await createUser('batch@contoso.com');
    const response = await patch(`/Users/${user.id}`, [
      { op: 'Replace', path: 'name.familyName', value: 'Updated' },
      { op: 'Add', path: 'title', value: 'Engineer' },
      { op: 'Remove', path: 'displayName' },
    ]);
    expect(response.status).toBe(200);
    expect(response.body.name.familyName).toBe('Updated');
    expect(response.body.title).toBe('Engineer');
    expect(response.body).not.toHaveProperty('displayName');
  });
});

describe('Entra group provisioning', () => {
  it('adds members with {"op":"Add","path":"members","value":[{"value":"id"}]}', async () => {
    const user = await createUser('group.add@contoso.com');
    const group = await createGroup('Entra add');
    const response = await patch(`/Groups/${group.id}`, [{ op: 'Add', path: 'members', value: [{ value: user.id }] }]);
    expect(response.status).toBe(204);
    expect(memberIds((await server.request('GET', `/Groups/${group.id}`)).body)).toEqual([user.id]);
  });

  it('removes a member with {"op":"Remove","path":"members","value":[{"value":"id"}]}', async () => {
    const stays = await createUser('group.stays@contoso.com');
    const leaves = await createUser('group.leaves@contoso.com');
    const group = await createGroup('Entra remove', [stays.id, leaves.id]);
    const response = await patch(`/Groups/${group.id}`, [{ op: 'Remove', path: 'members', value: [{ value: leaves.id }] }]);
    expect(response.status).toBe(204);
    expect(memberIds((await server.request('GET', `/Groups/${group.id}`)).body)).toEqual([stays.id]);
  });

  it('renames a group with {"op":"Replace","path":"displayName"}', async () => {
    const group = await createGroup('Entra before');
    const response = await patch(`/Groups/${group.id}`, [{ op: 'Replace', path: 'displayName', value: 'Entra after' }]);
    expect(response.status).toBe(204);
    expect((await server.request('GET', `/Groups/${group.id}`)).body.displayName).toBe('Entra after');
  });

  it('leaves members out of GET /Groups/:id?excludedAttributes=members', async () => {
    const user = await createUser('excluded.get@contoso.com');
    const group = await createGroup('Entra excluded get', [user.id]);
    const response = await server.request('GET', `/Groups/${group.id}?excludedAttributes=members`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: group.id, displayName: 'Entra excluded get' });
    expect(response.body).not.toHaveProperty('members');
  });

  it('leaves members out of a filtered group list with excludedAttributes=members', async () => {
    const user = await createUser('excluded.list@contoso.com');
    await createGroup('Entra excluded list', [user.id]);
    const response = await server.request('GET', `/Groups?excludedAttributes=members&${filterQuery('displayName eq "Entra excluded list"')}`);
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0].displayName).toBe('Entra excluded list');
    expect(response.body.Resources[0]).not.toHaveProperty('members');
  });

  it('answers the membership check id eq "…" and members[value eq "…"]', async () => {
    const member = await createUser('check.member@contoso.com');
    const outsider = await createUser('check.outsider@contoso.com');
    const group = await createGroup('Entra membership check', [member.id]);
    const check = (userId: string) =>
      server.request('GET', `/Groups?excludedAttributes=members&${filterQuery(`id eq "${group.id}" and members[value eq "${userId}"]`)}`);
    expect((await check(member.id)).body.totalResults).toBe(1);
    expect((await check(outsider.id)).body.totalResults).toBe(0);
  });
});

describe('Entra user deletion', () => {
  it('answers DELETE /Users/:id with 204 and then 404', async () => {
    const user = await createUser('delete@contoso.com');
    expect((await server.request('DELETE', `/Users/${user.id}`)).status).toBe(204);
    expect((await server.request('GET', `/Users/${user.id}`)).status).toBe(404);
  });

  it('removes a deleted user from the groups it belonged to', async () => {
    const stays = await createUser('delete.stays@contoso.com');
    const deleted = await createUser('delete.member@contoso.com');
    const group = await createGroup('Entra delete member', [stays.id, deleted.id]);
    await server.request('DELETE', `/Users/${deleted.id}`);
    const response = await server.request('GET', `/Groups/${group.id}`);
    expect(memberIds(response.body)).toEqual([stays.id]);
  });
});
