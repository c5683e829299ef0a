import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/** meta.version / ETag (RFC 7644 §3.14): changes on every write, If-Match → 412, If-None-Match → 304. */

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

describe('ETags', () => {
  it('meta.version changes on PUT and PATCH and matches the ETag header', async () => {
    const created = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'etag1@example.com' });
    const v1 = created.body.meta.version;
    expect(created.headers.etag).toBe(v1);
    const put = await server.request('PUT', `/Users/${created.body.id}`, { schemas: [URN.user], userName: 'etag1@example.com', displayName: 'E' });
    expect(put.body.meta.version).not.toBe(v1);
    const patch = await server.request('PATCH', `/Users/${created.body.id}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'replace', path: 'displayName', value: 'F' }],
    });
    expect(patch.body.meta.version).not.toBe(put.body.meta.version);
    expect(patch.headers.etag).toBe(patch.body.meta.version);
  });

  it('If-Match with a stale version is 412 on PUT, PATCH and DELETE', async () => {
    const created = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'etag2@example.com' });
    const path = `/Users/${created.body.id}`;
    const stale = { 'if-match': 'W/"stale"' };
    expect((await server.request('PUT', path, { schemas: [URN.user], userName: 'etag2@example.com' }, stale)).status).toBe(412);
    expect((await server.request('PATCH', path, { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] }, stale)).status).toBe(
      412,
    );
    expect((await server.request('DELETE', path, undefined, stale)).status).toBe(412);
    expect((await server.request('DELETE', path, undefined, { 'if-match': created.body.meta.version })).status).toBe(204);
  });

  for (const type of ['Users', 'Groups'] as const) {
    it(`If-None-Match on GET /${type}/{id}: current or * → 304 without a body, other → 200`, async () => {
      const body = type === 'Users' ? { schemas: [URN.user], userName: 'etag3@example.com' } : { schemas: [URN.group], displayName: 'etag-group' };
      const created = await server.request('POST', `/${type}`, body);
      const path = `/${type}/${created.body.id}`;
      const version = created.body.meta.version;
      for (const tag of [version, '*', `W/"other", ${version}`]) {
        const hit = await server.request('GET', path, undefined, { 'if-none-match': tag });
        expect(hit.status, tag).toBe(304);
        expect(hit.headers.etag).toBe(version);
        expect(hit.body === '' || hit.body === undefined || hit.body === null).toBe(true);
      }
      const miss = await server.request('GET', path, undefined, { 'if-none-match': 'W/"other"' });
      expect(miss.status).toBe(200);
      expect(miss.body.id).toBe(created.body.id);
    });
  }
});

/**
 * A user's `groups` and a group's `members` are part of their representations though they live in
 * rows of their own: when they change, so do the ETags, or an If-None-Match would answer 304 over it.
 */
describe('ETags and group membership', () => {
  const versionOf = async (path: string) => ((await server.request('GET', path)).body.meta as { version: string }).version;
  const newUser = async (name: string) => (await server.request('POST', '/Users', { schemas: [URN.user], userName: `${name}@example.com` })).body.id as string;
  const newGroup = async (name: string, members: string[] = []) =>
    (await server.request('POST', '/Groups', { schemas: [URN.group], displayName: name, members: members.map((value) => ({ value })) })).body.id as string;
  const patchMembers = (groupId: string, op: 'add' | 'remove', ids: string[]) =>
    server.request('PATCH', `/Groups/${groupId}`, {
      schemas: [URN.patchOp],
      Operations: [op === 'add' ? { op, path: 'members', value: ids.map((value) => ({ value })) } : { op, path: `members[value eq "${ids[0]}"]` }],
    });

  it("a user's version changes when a group gains or loses it, by POST, PATCH, PUT or DELETE of the group", async () => {
    const ann = await newUser('member-ann');
    const bob = await newUser('member-bob');
    const seen = [await versionOf(`/Users/${ann}`)];
    const changed = async () => {
      const version = await versionOf(`/Users/${ann}`);
      expect(seen).not.toContain(version);
      seen.push(version);
    };
    const group = await newGroup('Members ETag', [ann]);
    await changed();
    expect((await patchMembers(group, 'remove', [ann])).status).toBe(204);
    await changed();
    expect((await patchMembers(group, 'add', [ann, bob])).status).toBe(204);
    await changed();
    // Bob alone leaves; Ann stays a member (the PUT names her again): her representation is the same.
    const unchanged = await versionOf(`/Users/${ann}`);
    const bobBefore = await versionOf(`/Users/${bob}`);
    const put = await server.request('PUT', `/Groups/${group}`, { schemas: [URN.group], displayName: 'Members ETag', members: [{ value: ann }] });
    expect(put.status).toBe(200);
    expect(await versionOf(`/Users/${ann}`)).toBe(unchanged);
    expect(await versionOf(`/Users/${bob}`)).not.toBe(bobBefore);
    expect((await server.request('DELETE', `/Groups/${group}`)).status).toBe(204);
    await changed();
    const stale = await server.request('GET', `/Users/${ann}`, undefined, { 'if-none-match': seen.at(-2)! });
    expect(stale.status).toBe(200);
  });

  it("a group's version changes when a member of it is deleted", async () => {
    const cid = await newUser('member-cid');
    const parent = await newGroup('Parent of a deleted member', [cid]);
    const child = await newGroup('Deleted child group');
    expect((await patchMembers(parent, 'add', [child])).status).toBe(204);
    const before = await versionOf(`/Groups/${parent}`);
    expect((await server.request('DELETE', `/Users/${cid}`)).status).toBe(204);
    const afterUser = await versionOf(`/Groups/${parent}`);
    expect(afterUser).not.toBe(before);
    expect((await server.request('DELETE', `/Groups/${child}`)).status).toBe(204);
    const afterGroup = await versionOf(`/Groups/${parent}`);
    expect(afterGroup).not.toBe(afterUser);
    expect((await server.request('GET', `/Groups/${parent}`, undefined, { 'if-none-match': before })).status).toBe(200);
  });
});
