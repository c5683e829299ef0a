import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES_HEADER } from '../../../src/engine/http/scim-api';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * Okta re-POSTs a user it reactivates, with the externalId it gave the first time. Default
 * workspace: reprovision `relink`; workspace `strict-ids`: reprovision `conflict`.
 */

let server: ScimTestServer;
let conflictUrl: string;
let conflictAuth: Record<string, string>;
beforeAll(async () => {
  server = await startScimServer();
  const ws = server.app.workbench.workspaces.create('strict-ids');
  server.app.workbench.workspaces.configure('strict-ids', { reprovision: 'conflict' });
  conflictUrl = `${server.origin}/w/strict-ids/scim/v2`;
  conflictAuth = { authorization: `Bearer ${ws.token}` };
});
afterAll(async () => {
  await server.close();
});

function user(userName: string, externalId: string, extra: Record<string, unknown> = {}) {
  return { schemas: [URN.user], userName, externalId, name: { givenName: 'Ada', familyName: 'Lovelace' }, ...extra };
}

describe('reprovision relink (default)', () => {
  it('answers a re-POST with the same externalId with 201, the same id, a new document and a note', async () => {
    const first = await server.request('POST', '/Users', user('ada@example.com', '00u-ada', { title: 'Countess' }));
    expect(first.status).toBe(201);
    const again = await server.request('POST', '/Users', user('ada@example.com', '00u-ada', { displayName: 'Ada L.' }));
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.meta.created).toBe(first.body.meta.created);
    expect(again.body.meta.version).not.toBe(first.body.meta.version);
    // The POST body replaces the document: `title` was not sent again.
    expect(again.body.displayName).toBe('Ada L.');
    expect(again.body.title).toBeUndefined();
    expect(again.headers[NOTES_HEADER]).toContain('relinked:reprovisioned');
    const list = await server.request('GET', `/Users?filter=${encodeURIComponent('externalId eq "00u-ada"')}`);
    expect(list.body.totalResults).toBe(1);
  });

  it('reactivates a deactivated user, keeping its group memberships', async () => {
    const created = await server.request('POST', '/Users', user('grace@example.com', '00u-grace'));
    const id = created.body.id as string;
    const group = await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Navy', members: [{ value: id }] });
    expect(group.status).toBe(201);
    const off = await server.request('PATCH', `/Users/${id}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(off.body.active).toBe(false);

    const again = await server.request('POST', '/Users', user('grace@example.com', '00u-grace'));
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(id);
    expect(again.body.active).toBe(true);
    expect(again.body.groups.map((g: { value: string }) => g.value)).toEqual([group.body.id]);
    const members = await server.request('GET', `/Groups/${group.body.id}`);
    expect(members.body.members.map((m: { value: string }) => m.value)).toEqual([id]);
  });

  it('keeps active false when the re-POST says so', async () => {
    await server.request('POST', '/Users', user('alan@example.com', '00u-alan'));
    const again = await server.request('POST', '/Users', user('alan@example.com', '00u-alan', { active: false }));
    expect(again.status).toBe(201);
    expect(again.body.active).toBe(false);
  });

  it('relinks when the re-POST brings a new, free userName', async () => {
    const first = await server.request('POST', '/Users', user('old.name@example.com', '00u-rename'));
    const again = await server.request('POST', '/Users', user('new.name@example.com', '00u-rename'));
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.userName).toBe('new.name@example.com');
  });

  it('still answers 409 when the userName belongs to a different user, and changes nothing', async () => {
    const owner = await server.request('POST', '/Users', user('taken@example.com', '00u-owner'));
    const other = await server.request('POST', '/Users', user('other@example.com', '00u-other'));
    const clash = await server.request('POST', '/Users', user('taken@example.com', '00u-other'));
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ schemas: [URN.error], scimType: 'uniqueness' });
    expect(clash.headers[NOTES_HEADER] ?? '').not.toContain('reprovisioned');
    const unchanged = await server.request('GET', `/Users/${other.body.id}`);
    expect(unchanged.body.userName).toBe('other@example.com');
    expect(unchanged.body.meta.version).toBe(other.body.meta.version);
    // Without an externalId match it is the ordinary userName conflict.
    const plain = await server.request('POST', '/Users', user('TAKEN@example.com', '00u-nobody'));
    expect(plain.status).toBe(409);
    expect((await server.request('GET', `/Users/${owner.body.id}`)).body.externalId).toBe('00u-owner');
  });

  it('creates a new user when no user has the externalId', async () => {
    const first = await server.request('POST', '/Users', user('one@example.com', '00u-one'));
    const second = await server.request('POST', '/Users', user('two@example.com', '00u-two'));
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.headers[NOTES_HEADER] ?? '').not.toContain('reprovisioned');
  });
});

describe('reprovision conflict', () => {
  it('answers a re-POST with the same externalId with 409 uniqueness naming the existing user', async () => {
    const first = await server.request('POST', `${conflictUrl}/Users`, user('ada@example.com', '00u-ada'), conflictAuth);
    expect(first.status).toBe(201);
    const again = await server.request('POST', `${conflictUrl}/Users`, user('ada@example.com', '00u-ada', { displayName: 'X' }), conflictAuth);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [URN.error], status: '409', scimType: 'uniqueness' });
    expect(again.body.detail).toContain(first.body.id);
    const stored = await server.request('GET', `${conflictUrl}/Users/${first.body.id}`, undefined, conflictAuth);
    expect(stored.body.displayName).toBeUndefined();
    expect(stored.body.meta.version).toBe(first.body.meta.version);
  });
});

describe('reprovision off', () => {
  it('creates another user with the same externalId (RFC 7643 sets no uniqueness on it), and userName still conflicts', async () => {
    const slug = 'reprovision-off';
    const { token } = server.app.workbench.workspaces.create(slug);
    server.app.workbench.workspaces.configure(slug, { reprovision: 'off' });
    const headers = { authorization: `Bearer ${token}` };
    const base = `${server.origin}/w/${slug}/scim/v2`;
    const first = await server.request('POST', `${base}/Users`, user('first.off@example.com', 'same-external'), headers);
    const second = await server.request('POST', `${base}/Users`, user('second.off@example.com', 'same-external'), headers);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.headers[NOTES_HEADER] ?? '').not.toContain('reprovisioned');
    expect((await server.request('GET', `${base}/Users/${first.body.id}`, undefined, headers)).body.userName).toBe('first.off@example.com');
    const clash = await server.request('POST', `${base}/Users`, user('FIRST.off@example.com', 'same-external'), headers);
    expect(clash.status).toBe(409);
  });
});
