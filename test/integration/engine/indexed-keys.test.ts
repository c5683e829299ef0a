import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * userName, externalId and a group's displayName live twice: in the document and in indexed
 * columns that filters and uniqueness use. An update rewrites the columns only when their
 * values change (ResourceStore.update); these tests pin that both kinds of update keep the
 * two copies in step, and that a read after a write shows the write.
 */

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const filtered = async (endpoint: 'Users' | 'Groups', filter: string) => {
  const response = await server.request('GET', `/${endpoint}?filter=${encodeURIComponent(filter)}`);
  expect(response.status).toBe(200);
  return (response.body.Resources as { id: string }[]).map((resource) => resource.id);
};

const patchOp = (...operations: unknown[]) => ({ schemas: [URN.patchOp], Operations: operations });

async function createUser(userName: string, externalId: string) {
  const response = await server.request('POST', '/Users', { schemas: [URN.user], userName, externalId, active: true });
  expect(response.status).toBe(201);
  return response.body as { id: string; meta: { version: string } };
}

describe('an update that leaves the indexed keys alone', () => {
  it('deactivates a user who stays findable by userName and externalId, at a new version', async () => {
    const user = await createUser('keys.same@example.com', 'ext-same');
    const response = await server.request('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', value: { active: false } }));
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(false);
    expect(response.body.meta.version).not.toBe(user.meta.version);
    expect(await filtered('Users', 'userName eq "keys.same@example.com"')).toEqual([user.id]);
    expect(await filtered('Users', 'externalId eq "ext-same"')).toEqual([user.id]);
    expect((await server.request('GET', `/Users/${user.id}`)).body.active).toBe(false);
  });

  it('serves a userName whose case changed, and finds it by either case', async () => {
    const user = await createUser('Keys.Case@example.com', 'ext-case');
    const response = await server.request('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'userName', value: 'keys.case@example.com' }));
    expect(response.status).toBe(200);
    expect(response.body.userName).toBe('keys.case@example.com');
    expect(await filtered('Users', 'userName eq "KEYS.CASE@example.com"')).toEqual([user.id]);
  });
});

describe('an update that changes an indexed key', () => {
  it('moves a renamed user to the new userName and frees the old one', async () => {
    const user = await createUser('keys.before@example.com', 'ext-rename');
    const response = await server.request('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'userName', value: 'keys.after@example.com' }));
    expect(response.status).toBe(200);
    expect(await filtered('Users', 'userName eq "keys.after@example.com"')).toEqual([user.id]);
    expect(await filtered('Users', 'userName eq "keys.before@example.com"')).toEqual([]);
    const reused = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'keys.before@example.com' });
    expect(reused.status).toBe(201);
  });

  it('moves a user whose externalId a PUT replaced', async () => {
    const user = await createUser('keys.put@example.com', 'ext-old');
    const response = await server.request('PUT', `/Users/${user.id}`, {
      schemas: [URN.user],
      userName: 'keys.put@example.com',
      externalId: 'ext-new',
    });
    expect(response.status).toBe(200);
    expect(await filtered('Users', 'externalId eq "ext-new"')).toEqual([user.id]);
    expect(await filtered('Users', 'externalId eq "ext-old"')).toEqual([]);
  });

  it('refuses a rename onto a taken userName with 409 and changes nothing', async () => {
    await createUser('keys.taken@example.com', 'ext-taken');
    const user = await createUser('keys.mover@example.com', 'ext-mover');
    const response = await server.request('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'userName', value: 'KEYS.TAKEN@example.com' }));
    expect(response.status).toBe(409);
    const after = await server.request('GET', `/Users/${user.id}`);
    expect(after.body.userName).toBe('keys.mover@example.com');
    expect(after.body.meta.version).toBe(user.meta.version);
  });

  it('finds a renamed group by its new displayName only', async () => {
    const created = await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Keys Before' });
    expect(created.status).toBe(201);
    const response = await server.request('PATCH', `/Groups/${created.body.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'Keys After' }));
    expect(response.status).toBe(204);
    expect(await filtered('Groups', 'displayName eq "keys after"')).toEqual([created.body.id]);
    expect(await filtered('Groups', 'displayName eq "Keys Before"')).toEqual([]);
  });
});
