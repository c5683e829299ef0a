import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * The requests Okta's "SCIM 2.0 (Header Auth)" app integration makes, in the shapes it
 * sends them: https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20
 */

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const PATCH = URN.patchOp;

function oktaUser(userName: string, givenName = 'Ada', familyName = 'Lovelace') {
  return {
    schemas: [URN.user],
    userName,
    name: { givenName, familyName },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `${givenName} ${familyName}`,
    locale: 'en-US',
    // One Okta user id per userName: users sharing an externalId are re-provisioned (relinked).
    externalId: `00u-${userName}`,
    groups: [],
    password: 'Secret-123',
    active: true,
  };
}

async function createUser(userName: string) {
  const response = await server.request('POST', '/Users', oktaUser(userName));
  expect(response.status).toBe(201);
  return response.body as { id: string; meta: { version: string; location: string } };
}

async function createGroup(displayName: string, memberIds: string[] = []) {
  const response = await server.request('POST', '/Groups', {
    schemas: [URN.group],
    displayName,
    members: memberIds.map((value) => ({ value, display: value })),
  });
  expect(response.status).toBe(201);
  return response.body as { id: string };
}

const patch = (id: string, type: 'Users' | 'Groups', Operations: unknown[]) => server.request('PATCH', `/${type}/${id}`, { schemas: [PATCH], Operations });

const memberIds = (group: { members?: { value: string }[] }) => (group.members ?? []).map((member) => member.value).sort();

describe('Okta test connection', () => {
  it('answers GET /Users?startIndex=1&count=1 with a ListResponse', async () => {
    await createUser('connection.check@example.com');
    const response = await server.request('GET', '/Users?startIndex=1&count=1');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [URN.listResponse], startIndex: 1, itemsPerPage: 1 });
    expect(response.body.totalResults).toBeGreaterThanOrEqual(1);
    expect(response.body.Resources).toHaveLength(1);
    expect(response.body.Resources[0].schemas).toContain(URN.user);
  });

  it('serves responses as application/scim+json', async () => {
    const response = await server.request('GET', '/Users?startIndex=1&count=1');
    expect(response.headers['content-type']).toMatch(/^application\/scim\+json/);
  });
});

describe('Okta user lookup by userName', () => {
  it('finds no user before the user is created', async () => {
    const response = await server.request('GET', `/Users?filter=${encodeURIComponent('userName eq "grace@example.com"')}&startIndex=1&count=100`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [URN.listResponse], totalResults: 0 });
    expect(response.body.Resources ?? []).toEqual([]);
  });

  it('finds the user once created, whatever the case of the userName in the filter', async () => {
    const created = await createUser('Grace@Example.com');
    const response = await server.request('GET', `/Users?filter=${encodeURIComponent('userName eq "GRACE@example.COM"')}`);
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0].id).toBe(created.id);
  });
});

describe('Okta user creation', () => {
  it('answers 201 with Location equal to meta.location and ETag equal to meta.version', async () => {
    const response = await server.request('POST', '/Users', oktaUser('create.headers@example.com'));
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(response.body.meta.location);
    expect(response.body.meta.location).toBe(`${server.baseUrl}/Users/${response.body.id}`);
    expect(response.headers.etag).toBe(response.body.meta.version);
  });

  it('echoes the values sent, without the password', async () => {
    const sent = oktaUser('echo@example.com', 'Katherine', 'Johnson');
    const response = await server.request('POST', '/Users', sent);
    expect(response.body).toMatchObject({
      userName: sent.userName,
      name: sent.name,
      emails: sent.emails,
      displayName: sent.displayName,
      locale: sent.locale,
      externalId: sent.externalId,
      active: true,
      meta: { resourceType: 'User' },
    });
    expect(response.body.id).toEqual(expect.any(String));
    expect(response.body).not.toHaveProperty('password');
  });

  it('refuses a userName differing only in case with 409 uniqueness', async () => {
    await createUser('case.clash@example.com');
    const response = await server.request('POST', '/Users', oktaUser('Case.CLASH@example.com'));
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ schemas: [URN.error], status: '409', scimType: 'uniqueness' });
  });
});

describe('request media types', () => {
  it('accepts a body sent as application/scim+json; charset=utf-8', async () => {
    const response = await server.request('POST', '/Users', oktaUser('charset@example.com'), {
      'content-type': 'application/scim+json; charset=utf-8',
    });
    expect(response.status).toBe(201);
  });

  it('accepts a body sent as application/json', async () => {
    const response = await server.request('POST', '/Users', oktaUser('plain.json@example.com'), {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(201);
  });
});

describe('Okta profile update with PUT', () => {
  it('replaces the changed fields and gives a new version', async () => {
    const created = await createUser('put.update@example.com');
    const updated = { ...oktaUser('put.update@example.com', 'Ada', 'King'), id: created.id, displayName: 'Ada King' };
    const response = await server.request('PUT', `/Users/${created.id}`, updated);
    expect(response.status).toBe(200);
    expect(response.body.name).toEqual({ givenName: 'Ada', familyName: 'King' });
    expect(response.body.displayName).toBe('Ada King');
    expect(response.body.meta.version).not.toBe(created.meta.version);
    expect(response.headers.etag).toBe(response.body.meta.version);
  });

  it('keeps the new values on a later GET', async () => {
    const created = await createUser('put.persist@example.com');
    await server.request('PUT', `/Users/${created.id}`, { ...oktaUser('put.persist@example.com'), locale: 'fr-FR' });
    const response = await server.request('GET', `/Users/${created.id}`);
    expect(response.body.locale).toBe('fr-FR');
  });
});

describe('Okta deactivation with PATCH', () => {
  it('deactivates a user with a path-less replace of active', async () => {
    const created = await createUser('deactivate@example.com');
    const response = await patch(created.id, 'Users', [{ op: 'replace', value: { active: false } }]);
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(false);
    expect((await server.request('GET', `/Users/${created.id}`)).body.active).toBe(false);
  });

  it('reactivates a deactivated user', async () => {
    const created = await createUser('reactivate@example.com');
    await patch(created.id, 'Users', [{ op: 'replace', value: { active: false } }]);
    const response = await patch(created.id, 'Users', [{ op: 'replace', value: { active: true } }]);
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(true);
  });
});

describe('Okta group push', () => {
  it('creates a group with its members', async () => {
    const alice = await createUser('push.alice@example.com');
    const bob = await createUser('push.bob@example.com');
    const response = await server.request('POST', '/Groups', {
      schemas: [URN.group],
      displayName: 'Engineering',
      members: [
        { value: alice.id, display: 'push.alice@example.com' },
        { value: bob.id, display: 'push.bob@example.com' },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body.displayName).toBe('Engineering');
    expect(memberIds(response.body)).toEqual([alice.id, bob.id].sort());
  });

  it("serves each member's display from the member resource itself, not from what the client sent", async () => {
    const erin = await createUser('display.erin@example.com');
    const group = await createGroup('Display source', [erin.id]);
    const response = await server.request('GET', `/Groups/${group.id}`);
    expect(response.body.members).toEqual([{ value: erin.id, $ref: `${server.baseUrl}/Users/${erin.id}`, display: 'Ada Lovelace', type: 'User' }]);
  });

  it('adds members with PATCH add members', async () => {
    const alice = await createUser('add.alice@example.com');
    const bob = await createUser('add.bob@example.com');
    const group = await createGroup('Add target', [alice.id]);
    const response = await patch(group.id, 'Groups', [{ op: 'add', path: 'members', value: [{ value: bob.id, display: 'add.bob@example.com' }] }]);
    expect(response.status).toBe(204);
    expect(memberIds((await server.request('GET', `/Groups/${group.id}`)).body)).toEqual([alice.id, bob.id].sort());
  });

  it('removes a member with PATCH remove members[value eq "id"]', async () => {
    const alice = await createUser('remove.alice@example.com');
    const bob = await createUser('remove.bob@example.com');
    const group = await createGroup('Remove target', [alice.id, bob.id]);
    const response = await patch(group.id, 'Groups', [{ op: 'remove', path: `members[value eq "${alice.id}"]` }]);
    expect(response.status).toBe(204);
    expect(memberIds((await server.request('GET', `/Groups/${group.id}`)).body)).toEqual([bob.id]);
  });

  it('renames a group with a path-less replace that echoes the id', async () => {
    const group = await createGroup('Old name');
    const response = await patch(group.id, 'Groups', [{ op: 'replace', value: { id: group.id, displayName: 'New name' } }]);
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    const renamed = await server.request('GET', `/Groups/${group.id}`);
    expect(renamed.body.displayName).toBe('New name');
    // The 204 carries the new version, so an IdP using If-Match can go on without a GET.
    expect(response.headers.etag).toBe(renamed.body.meta.version);
  });

  it('keeps the members when a group is renamed', async () => {
    const alice = await createUser('rename.alice@example.com');
    const group = await createGroup('Before rename', [alice.id]);
    await patch(group.id, 'Groups', [{ op: 'replace', value: { id: group.id, displayName: 'After rename' } }]);
    const response = await server.request('GET', `/Groups/${group.id}`);
    expect(memberIds(response.body)).toEqual([alice.id]);
  });

  it("reflects membership in the user's derived groups", async () => {
    const carol = await createUser('groups.carol@example.com');
    const group = await createGroup('Derived groups', [carol.id]);
    const response = await server.request('GET', `/Users/${carol.id}`);
    expect(response.body.groups).toEqual([{ value: group.id, $ref: `${server.baseUrl}/Groups/${group.id}`, display: 'Derived groups', type: 'direct' }]);
  });

  it("drops the group from the user's derived groups once the user is removed from it", async () => {
    const dave = await createUser('groups.dave@example.com');
    const group = await createGroup('Leaving group', [dave.id]);
    await patch(group.id, 'Groups', [{ op: 'remove', path: `members[value eq "${dave.id}"]` }]);
    const response = await server.request('GET', `/Users/${dave.id}`);
    expect(response.body.groups ?? []).toEqual([]);
  });

  it('deletes a group with 204, after which GET answers 404', async () => {
    const group = await createGroup('Doomed group');
    const deleted = await server.request('DELETE', `/Groups/${group.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    const fetched = await server.request('GET', `/Groups/${group.id}`);
    expect(fetched.status).toBe(404);
    expect(fetched.body).toMatchObject({ schemas: [URN.error], status: '404' });
  });
});
