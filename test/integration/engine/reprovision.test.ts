import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES_HEADER } from '../../../src/engine/http/scim-api';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * Okta re-POSTs a user it reactivates, with the externalId it gave the first time. Only that
 * returning person (same externalId, same userName ignoring case) is relinked; another userName
 * with the same externalId is another person and gets 409. Default workspace: mode `auto`,
 * reprovision left to the mode (`relink`); workspace `strict-ids`: reprovision `conflict`.
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

describe('reprovision relink (the default in mode auto)', () => {
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

  it('relinks the returning user whatever the case of its userName', async () => {
    const first = await server.request('POST', '/Users', user('Case.User@example.com', '00u-case'));
    const again = await server.request('POST', '/Users', user('CASE.USER@EXAMPLE.COM', '00u-case', { title: 'Back' }));
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.title).toBe('Back');
    expect(again.headers[NOTES_HEADER]).toContain('relinked:reprovisioned');
  });

  it('refuses with 409 uniqueness, naming both, a different person who brings the same externalId, and changes nothing', async () => {
    // Microsoft's reference collection sends one fixed externalId for all its users.
    const first = await server.request('POST', '/Users', user('first.person@example.com', '${__UUID}', { title: 'First' }));
    expect(first.status).toBe(201);
    const second = await server.request('POST', '/Users', user('second.person@example.com', '${__UUID}', { title: 'Second' }));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ schemas: [URN.error], status: '409', scimType: 'uniqueness' });
    expect(second.body.detail).toContain(first.body.id);
    expect(second.body.detail).toContain('first.person@example.com');
    expect(second.body.detail).toContain('second.person@example.com');
    expect(second.body.detail).toContain('reprovision');
    expect(second.headers[NOTES_HEADER] ?? '').not.toContain('reprovisioned');
    const stored = await server.request('GET', `/Users/${first.body.id}`);
    expect(stored.body).toMatchObject({ userName: 'first.person@example.com', title: 'First' });
    expect(stored.body.meta.version).toBe(first.body.meta.version);
    const named = await server.request('GET', `/Users?filter=${encodeURIComponent('userName eq "second.person@example.com"')}`);
    expect(named.body.totalResults).toBe(0);
  });

  it('does not relink a rename either: a new userName under a known externalId is refused, not merged', async () => {
    const first = await server.request('POST', '/Users', user('old.name@example.com', '00u-rename'));
    const again = await server.request('POST', '/Users', user('new.name@example.com', '00u-rename'));
    expect(again.status).toBe(409);
    expect(again.body.scimType).toBe('uniqueness');
    expect((await server.request('GET', `/Users/${first.body.id}`)).body.userName).toBe('old.name@example.com');
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

  it('answers a different person with the same externalId with 409 naming both', async () => {
    const first = await server.request('POST', `${conflictUrl}/Users`, user('one.conflict@example.com', '00u-shared'), conflictAuth);
    const other = await server.request('POST', `${conflictUrl}/Users`, user('two.conflict@example.com', '00u-shared'), conflictAuth);
    expect(other.status).toBe(409);
    expect(other.body.scimType).toBe('uniqueness');
    expect(other.body.detail).toContain(first.body.id);
    expect(other.body.detail).toContain('two.conflict@example.com');
  });
});

describe('reprovision left to the mode', () => {
  async function workspace(slug: string, settings: Record<string, unknown>) {
    const { token } = server.app.workbench.workspaces.create(slug);
    server.app.workbench.workspaces.configure(slug, settings);
    const headers = { authorization: `Bearer ${token}` };
    const base = `${server.origin}/w/${slug}/scim/v2`;
    return (method: string, path: string, body?: unknown) => server.request(method, `${base}${path}`, body, headers);
  }

  it('is off in entra-lenient: users sharing an externalId are created apart, and a re-POST is an ordinary userName conflict', async () => {
    const request = await workspace('entra-defaults', { compatibility: 'entra-lenient' });
    expect(server.app.workbench.workspaces.find('entra-defaults')!.settings.reprovision).toBe('by-mode');
    const first = await request('POST', '/Users', user('a.entra@example.com', '${__UUID}'));
    const second = await request('POST', '/Users', user('b.entra@example.com', '${__UUID}'));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
    const again = await request('POST', '/Users', user('a.entra@example.com', '${__UUID}', { title: 'X' }));
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('userName "a.entra@example.com" already exists');
    expect((await request('GET', `/Users/${first.body.id}`)).body.title).toBeUndefined();
  });

  it('gives way to a policy the user set: relink in entra-lenient, and back to the mode with by-mode', async () => {
    const request = await workspace('entra-relink', { compatibility: 'entra-lenient', reprovision: 'relink' });
    const first = await request('POST', '/Users', user('returning@example.com', '00u-back'));
    const again = await request('POST', '/Users', user('returning@example.com', '00u-back', { title: 'Back' }));
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    server.app.workbench.workspaces.configure('entra-relink', { reprovision: 'by-mode' });
    expect((await request('POST', '/Users', user('returning@example.com', '00u-back'))).status).toBe(409);
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
