import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompatibilityMode } from '../../../src/engine/compat/modes';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimResponse, type ScimTestServer } from '../../support/scim-server';
import { openWorkspace } from '../../support/workspace-client';

/**
 * The IdP habits of issue 3 beyond capitalised ops and string booleans (patch-habits.test.ts):
 * each is normalised and noted (X-Workbench-Notes) in the modes that know it, and refused with
 * the SCIM error a strict server gives — or, where the RFC allows the shape, taken silently.
 */
let server: ScimTestServer;
let counter = 0;
const unique = (prefix: string) => `${prefix}.${++counter}@example.com`;
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface Workspace {
  request(method: string, path: string, body?: unknown): Promise<ScimResponse>;
  createUser(extra?: Record<string, unknown>): Promise<string>;
  createGroup(members?: string[]): Promise<string>;
  /** PATCH, then the resource as stored: Entra modes and groups answer a PATCH with 204 and no body. */
  patchAndRead(path: string, body: unknown): Promise<ScimResponse>;
}
const workspaces = new Map<string, Workspace>();

function workspace(mode: CompatibilityMode, lenientSchema = true): Workspace {
  const key = `${mode}-${lenientSchema ? 'lenient' : 'exact'}`;
  const existing = workspaces.get(key);
  if (existing) return existing;
  const client = openWorkspace(server, key, { compatibility: mode, lenientSchema });
  const ws: Workspace = {
    request: (method, path, body) => client.request(method, path, body),
    async createUser(extra = {}) {
      const created = await ws.request('POST', '/Users', { schemas: [URN.user], userName: unique(key), ...extra });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    },
    async createGroup(members = []) {
      const created = await ws.request('POST', '/Groups', {
        schemas: [URN.group],
        displayName: `Group ${++counter}`,
        members: members.map((value) => ({ value, type: 'User' })),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    },
    async patchAndRead(path, body) {
      const patched = await ws.request('PATCH', path, body);
      if (patched.status !== 204) return patched;
      const stored = await ws.request('GET', path);
      return { ...stored, headers: { ...stored.headers, 'x-workbench-notes': notesOf(patched) } };
    },
  };
  workspaces.set(key, ws);
  return ws;
}

const patch = (...Operations: unknown[]) => ({ schemas: [URN.patchOp], Operations });
/** The notes header as sent, so a test can say "exactly these codes, in this order". */
const notesOf = (response: ScimResponse) => response.headers['x-workbench-notes'] ?? '';

beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

describe('a single value sent as a one-element list (singleValueArray)', () => {
  it.each(['auto', 'entra', 'okta'] as const)('is unwrapped and noted in mode %s', async (mode) => {
    const ws = workspace(mode);
    const id = await ws.createUser();
    const patched = await ws.patchAndRead(
      `/Users/${id}`,
      patch({ op: 'replace', path: 'displayName', value: ['Jane Doe'] }, { op: 'replace', path: 'name.givenName', value: ['Jane'] }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ displayName: 'Jane Doe', name: { givenName: 'Jane' } });
    expect(notesOf(patched)).toContain('normalised:singleValueArray');
  });

  it('is unwrapped in a POST body too', async () => {
    const created = await workspace('entra').request('POST', '/Users', { schemas: [URN.user], userName: unique('array'), title: ['Engineer'] });
    expect(created.status).toBe(201);
    expect(created.body.title).toBe('Engineer');
  });

  it('is refused with invalidValue in strict mode, changing nothing', async () => {
    const ws = workspace('strict');
    const id = await ws.createUser({ displayName: 'Before' });
    const patched = await ws.request('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'displayName', value: ['After'] }));
    expect(patched.status).toBe(400);
    expect(patched.body).toMatchObject({ scimType: 'invalidValue', schemas: [URN.error] });
    expect((await ws.request('GET', `/Users/${id}`)).body.displayName).toBe('Before');
  });

  it('with two elements is not a habit but an error in every mode', async () => {
    const ws = workspace('auto');
    const id = await ws.createUser();
    const patched = await ws.request('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'displayName', value: ['A', 'B'] }));
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('invalidValue');
  });
});

describe("Entra's member removal by a value list (memberRemovalValueList)", () => {
  const removal = (id: string) => patch({ op: 'Remove', path: 'members', value: [{ value: id }] });

  it.each(['auto', 'entra'] as const)('removes exactly the listed members and is noted in mode %s', async (mode) => {
    const ws = workspace(mode);
    const [a, b] = [await ws.createUser(), await ws.createUser()];
    const group = await ws.createGroup([a, b]);
    const patched = await ws.request('PATCH', `/Groups/${group}`, removal(a));
    expect([200, 204]).toContain(patched.status);
    expect(notesOf(patched)).toContain('normalised:memberRemovalValueList');
    const members = (await ws.request('GET', `/Groups/${group}`)).body.members.map((m: { value: string }) => m.value);
    expect(members).toEqual([b]);
  });

  it('is refused with invalidSyntax in strict mode, keeping both members', async () => {
    const ws = workspace('strict');
    const [a, b] = [await ws.createUser(), await ws.createUser()];
    const group = await ws.createGroup([a, b]);
    const patched = await ws.request('PATCH', `/Groups/${group}`, patch({ op: 'remove', path: 'members', value: [{ value: a }] }));
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('invalidSyntax');
    expect(patched.body.detail).toContain('members[value eq');
    expect((await ws.request('GET', `/Groups/${group}`)).body.members).toHaveLength(2);
  });

  it('the RFC form (a filter in the path) passes strict mode without a note', async () => {
    const ws = workspace('strict');
    const [a, b] = [await ws.createUser(), await ws.createUser()];
    const group = await ws.createGroup([a, b]);
    const patched = await ws.request('PATCH', `/Groups/${group}`, patch({ op: 'remove', path: `members[value eq "${a}"]` }));
    expect([200, 204]).toContain(patched.status);
    expect(notesOf(patched)).toBe('');
  });
});

describe('members with "$ref": null (nullRefMember) and without "type" (memberWithoutType)', () => {
  it('are added with the type of the resource their id names, noted in mode entra / okta', async () => {
    const entra = workspace('entra');
    const user = await entra.createUser();
    const group = await entra.createGroup();
    const patched = await entra.request('PATCH', `/Groups/${group}`, patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: user }] }));
    expect([200, 204]).toContain(patched.status);
    expect(notesOf(patched)).toContain('normalised:nullRefMember');
    expect((await entra.request('GET', `/Groups/${group}`)).body.members).toEqual([expect.objectContaining({ value: user, type: 'User' })]);

    const okta = workspace('okta');
    const oktaUser = await okta.createUser();
    const pushed = await okta.request('POST', '/Groups', {
      schemas: [URN.group],
      displayName: 'Okta push',
      members: [{ value: oktaUser, display: 'someone' }],
    });
    expect(pushed.status).toBe(201);
    expect(notesOf(pushed)).toContain('normalised:memberWithoutType');
    expect(pushed.body.members).toEqual([expect.objectContaining({ value: oktaUser, type: 'User' })]);
  });

  it('are valid SCIM, so strict mode takes them too, without a note', async () => {
    const ws = workspace('strict');
    const user = await ws.createUser();
    const pushed = await ws.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Strict push', members: [{ $ref: null, value: user }] });
    expect(pushed.status).toBe(201);
    expect(notesOf(pushed)).toBe('');
    expect(pushed.body.members).toEqual([expect.objectContaining({ value: user, type: 'User' })]);
  });

  it('notes a 300-member push once, not per member', async () => {
    const ws = workspace('okta');
    // Fifty at a time: far fewer connections than the listener's cap.
    const ids: string[] = [];
    for (let batch = 0; batch < 6; batch++) ids.push(...(await Promise.all(Array.from({ length: 50 }, () => ws.createUser()))));
    const pushed = await ws.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Big push', members: ids.map((value) => ({ value })) });
    expect(pushed.status).toBe(201);
    expect(pushed.body.members).toHaveLength(300);
    expect(notesOf(pushed)).toBe('normalised:memberWithoutType');
  });
});

describe('the enterprise manager as a bare id (managerString)', () => {
  it.each(['auto', 'entra'] as const)('becomes {value} on POST and PATCH in mode %s', async (mode) => {
    const ws = workspace(mode);
    const boss = await ws.createUser();
    const created = await ws.request('POST', '/Users', { schemas: [URN.user, ENTERPRISE], userName: unique('managed'), [ENTERPRISE]: { manager: boss } });
    expect(created.status).toBe(201);
    expect(created.body[ENTERPRISE].manager).toMatchObject({ value: boss });
    expect(notesOf(created)).toContain('normalised:managerString');

    const other = await ws.createUser();
    const patched = await ws.patchAndRead(`/Users/${created.body.id}`, patch({ op: 'Add', path: `${ENTERPRISE}:manager`, value: other }));
    expect(patched.status).toBe(200);
    expect(patched.body[ENTERPRISE].manager).toMatchObject({ value: other });
  });

  it('is refused with invalidValue in strict and okta modes', async () => {
    for (const mode of ['strict', 'okta'] as const) {
      const created = await workspace(mode).request('POST', '/Users', {
        schemas: [URN.user, ENTERPRISE],
        userName: unique('managed'),
        [ENTERPRISE]: { manager: 'boss-id' },
      });
      expect(created.status).toBe(400);
      expect(created.body.scimType).toBe('invalidValue');
      expect(created.body.detail).toContain('manager');
    }
  });
});

describe('roles as a JSON-encoded string (rolesJsonString)', () => {
  const roles = JSON.stringify([{ value: 'Admin', display: 'Administrator', primary: true }]);

  it('are decoded and noted in mode entra', async () => {
    const ws = workspace('entra');
    const created = await ws.request('POST', '/Users', { schemas: [URN.user], userName: unique('roles'), roles });
    expect(created.status).toBe(201);
    expect(created.body.roles).toEqual([{ value: 'Admin', display: 'Administrator', primary: true }]);
    expect(notesOf(created)).toContain('normalised:rolesJsonString');
    const patched = await ws.patchAndRead(`/Users/${created.body.id}`, patch({ op: 'Replace', path: 'roles', value: JSON.stringify([{ value: 'Reader' }]) }));
    expect(patched.status).toBe(200);
    expect(patched.body.roles).toEqual([{ value: 'Reader' }]);
  });

  it('are refused in strict mode; a string that is not JSON is refused in every mode', async () => {
    const strict = await workspace('strict').request('POST', '/Users', { schemas: [URN.user], userName: unique('roles'), roles });
    expect(strict.status).toBe(400);
    expect(strict.body.scimType).toBe('invalidValue');
    const garbage = await workspace('auto').request('POST', '/Users', { schemas: [URN.user], userName: unique('roles'), roles: '[{"value": "Adm' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.scimType).toBe('invalidValue');
  });
});

describe("Entra's aadOptscim062020 path-less replace with paths as keys (dottedPathlessKeys)", () => {
  const body = patch({
    op: 'replace',
    value: { 'name.givenName': 'Grace', 'emails[type eq "work"].value': 'grace@example.com', [`${ENTERPRISE}:department`]: 'Navy', active: false },
  });

  it.each(['auto', 'entra-lenient'] as const)('applies each key as a path and is noted in mode %s', async (mode) => {
    const ws = workspace(mode);
    const id = await ws.createUser({ name: { familyName: 'Hopper' } });
    const patched = await ws.patchAndRead(`/Users/${id}`, body);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: { givenName: 'Grace', familyName: 'Hopper' },
      emails: [{ type: 'work', value: 'grace@example.com' }],
      [ENTERPRISE]: { department: 'Navy' },
      active: false,
    });
    expect(notesOf(patched)).toContain('normalised:dottedPathlessKeys');
  });

  it.each(['strict', 'entra'] as const)('is refused with invalidValue in mode %s, changing nothing', async (mode) => {
    const ws = workspace(mode);
    const id = await ws.createUser({ active: true });
    const patched = await ws.request('PATCH', `/Users/${id}`, body);
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('invalidValue');
    expect((await ws.request('GET', `/Users/${id}`)).body).toMatchObject({ active: true });
  });

  it('extension attributes under their schema URN object pass strict mode', async () => {
    const ws = workspace('strict');
    const id = await ws.createUser();
    const patched = await ws.request('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { [ENTERPRISE]: { department: 'Navy' } } }));
    expect(patched.status).toBe(200);
    expect(patched.body[ENTERPRISE]).toEqual({ department: 'Navy' });
  });
});

describe("Okta's path-less replace echoing the group id (pathlessReplaceWithId)", () => {
  it.each(['auto', 'okta'] as const)('renames the group and is noted in mode %s', async (mode) => {
    const ws = workspace(mode);
    const group = await ws.createGroup();
    const patched = await ws.request('PATCH', `/Groups/${group}`, patch({ op: 'replace', value: { id: group, displayName: 'Renamed' } }));
    expect([200, 204]).toContain(patched.status);
    expect(notesOf(patched)).toContain('normalised:pathlessReplaceWithId');
    expect((await ws.request('GET', `/Groups/${group}`)).body.displayName).toBe('Renamed');
  });

  it('is refused with mutability in strict mode', async () => {
    const ws = workspace('strict');
    const group = await ws.createGroup();
    const patched = await ws.request('PATCH', `/Groups/${group}`, patch({ op: 'replace', value: { id: group, displayName: 'Renamed' } }));
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('mutability');
  });
});

describe("OneLogin's emails object (emailsObject) and SCIM 1.1 core URN (scim11CoreUrn)", () => {
  const body = () => ({
    schemas: ['urn:scim:schemas:core:1.0'],
    userName: unique('onelogin'),
    emails: { value: 'ol@example.com', type: 'work', primary: true },
  });

  it.each(['auto', 'onelogin'] as const)('are normalised and noted in mode %s', async (mode) => {
    const created = await workspace(mode).request('POST', '/Users', body());
    expect(created.status).toBe(201);
    expect(created.body.schemas).toEqual([URN.user]);
    expect(created.body.emails).toEqual([{ value: 'ol@example.com', type: 'work', primary: true }]);
    expect(notesOf(created)).toContain('normalised:emailsObject');
    expect(notesOf(created)).toContain('normalised:scim11CoreUrn');
  });

  it('are refused with invalidValue in strict and entra modes', async () => {
    for (const mode of ['strict', 'entra'] as const) {
      const created = await workspace(mode).request('POST', '/Users', body());
      expect(created.status).toBe(400);
      expect(created.body.scimType).toBe('invalidValue');
    }
    const emailsOnly = await workspace('strict').request('POST', '/Users', { ...body(), schemas: [URN.user] });
    expect(emailsOnly.status).toBe(400);
    expect(emailsOnly.body.detail).toContain('emails');
  });
});

describe('schema violations and the lenientSchema setting', () => {
  it('keeps an unknown attribute and notes it when lenient (the default)', async () => {
    const ws = workspace('strict', true);
    const created = await ws.request('POST', '/Users', {
      schemas: [URN.user],
      userName: unique('unknown'),
      favouriteColour: 'teal',
      name: { givenName: 'A', nickname2: 'x' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ favouriteColour: 'teal', name: { givenName: 'A', nickname2: 'x' } });
    expect(notesOf(created)).toBe('violation:unknownAttribute');
  });

  it('refuses an unknown attribute or sub-attribute with invalidValue when not lenient, storing nothing', async () => {
    const ws = workspace('strict', false);
    const userName = unique('unknown');
    const created = await ws.request('POST', '/Users', { schemas: [URN.user], userName, favouriteColour: 'teal' });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ scimType: 'invalidValue', status: '400' });
    expect(created.body.detail).toContain('favouriteColour');
    const sub = await ws.request('POST', '/Users', { schemas: [URN.user], userName, name: { givenName: 'A', nickname2: 'x' } });
    expect(sub.status).toBe(400);
    expect(sub.body.detail).toContain('name.nickname2');
    expect((await ws.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.totalResults).toBe(0);
  });

  it('notes a POST or PUT body without "schemas" when lenient and refuses it when not (RFC 7643 §3 requires it)', async () => {
    const lenientWs = workspace('strict', true);
    const lenient = await lenientWs.request('POST', '/Users', { userName: unique('noschemas') });
    expect(lenient.status).toBe(201);
    expect(lenient.body.schemas).toEqual([URN.user]);
    expect(notesOf(lenient)).toBe('violation:missingSchemas');
    const put = await lenientWs.request('PUT', `/Users/${lenient.body.id as string}`, { userName: lenient.body.userName, displayName: 'Put' });
    expect(put.status).toBe(200);
    expect(notesOf(put)).toBe('violation:missingSchemas');
    const exactWs = workspace('strict', false);
    const userName = unique('noschemas');
    const exact = await exactWs.request('POST', '/Users', { userName });
    expect(exact.status).toBe(400);
    expect(exact.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('"schemas"') });
    expect((await exactWs.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.totalResults).toBe(0);
    const id = await exactWs.createUser();
    expect((await exactWs.request('PUT', `/Users/${id}`, { userName: unique('noschemas'), displayName: 'Put' })).status).toBe(400);
  });

  it('notes a value outside canonicalValues when lenient and refuses it when not', async () => {
    const emails = [{ value: 'a@example.com', type: 'business' }];
    const lenient = await workspace('strict', true).request('POST', '/Users', { schemas: [URN.user], userName: unique('canon'), emails });
    expect(lenient.status).toBe(201);
    expect(notesOf(lenient)).toBe('violation:nonCanonicalValue');
    const exact = await workspace('strict', false).request('POST', '/Users', { schemas: [URN.user], userName: unique('canon'), emails });
    expect(exact.status).toBe(400);
    expect(exact.body.detail).toContain('emails[0].type');
    const canonical = await workspace('strict', false).request('POST', '/Users', {
      schemas: [URN.user],
      userName: unique('canon'),
      emails: [{ value: 'a@example.com', type: 'Work' }],
    });
    expect(canonical.status).toBe(201);
  });

  it('judges only what a PATCH brings in: an attribute stored while lenient does not block later PATCHes', async () => {
    const slug = 'lenient-then-exact';
    const { token } = server.app.workbench.workspaces.create(slug);
    const headers = { authorization: `Bearer ${token}` };
    const base = `${server.origin}/w/${slug}/scim/v2`;
    const created = await server.request('POST', `${base}/Users`, { schemas: [URN.user], userName: unique('legacy'), legacyField: 1 }, headers);
    expect(created.status).toBe(201);
    server.app.workbench.workspaces.configure(slug, { lenientSchema: false });
    const patched = await server.request(
      'PATCH',
      `${base}/Users/${created.body.id}`,
      patch({ op: 'replace', path: 'displayName', value: 'Still works' }),
      headers,
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ displayName: 'Still works', legacyField: 1 });
    expect(notesOf(patched)).toBe('');
    const bringsUnknown = await server.request(
      'PATCH',
      `${base}/Users/${created.body.id}`,
      patch({ op: 'replace', path: 'name', value: { givenName: 'x', middle: 'y' } }),
      headers,
    );
    expect(bringsUnknown.status).toBe(400);
    expect(bringsUnknown.body.detail).toContain('name.middle');
  });
});

describe("Microsoft's reference-test shapes: bare member ids (bareMemberId) and member sub-attributes no schema defines", () => {
  it('a bare id is taken as {value} in entra-lenient and refused with invalidValue in entra and strict', async () => {
    const lenient = workspace('entra-lenient');
    const user = await lenient.createUser();
    const group = await lenient.createGroup();
    const patched = await lenient.request('PATCH', `/Groups/${group}`, patch({ op: 'add', path: 'members', value: user }));
    expect(patched.status).toBe(204);
    expect(notesOf(patched)).toContain('normalised:bareMemberId');
    expect((await lenient.request('GET', `/Groups/${group}`)).body.members.map((m: { value: string }) => m.value)).toEqual([user]);
    for (const mode of ['entra', 'strict'] as const) {
      const ws = workspace(mode);
      const target = await ws.createGroup();
      const refused = await ws.request('PATCH', `/Groups/${target}`, patch({ op: 'add', path: 'members', value: [await ws.createUser()] }));
      expect(refused.status).toBe(400);
      expect(refused.body.scimType).toBe('invalidValue');
    }
  });

  it('a member sub-attribute no schema defines is kept and served back when lenient, noted once', async () => {
    const ws = workspace('auto');
    const [a, b] = [await ws.createUser(), await ws.createUser()];
    const group = await ws.createGroup();
    const patched = await ws.request(
      'PATCH',
      `/Groups/${group}`,
      patch({
        op: 'add',
        path: 'members',
        value: [
          { value: a, displayName: 'new User' },
          { value: b, displayName: 'other' },
        ],
      }),
    );
    expect(patched.status).toBe(204);
    expect(notesOf(patched)).toBe('normalised:memberWithoutType, violation:unknownAttribute');
    const members = (await ws.request('GET', `/Groups/${group}`)).body.members;
    expect(members).toEqual([
      expect.objectContaining({ value: a, type: 'User', displayName: 'new User' }),
      expect.objectContaining({ value: b, displayName: 'other' }),
    ]);
  });

  it('is refused with invalidValue where lenientSchema is off, adding no member', async () => {
    const ws = workspace('auto', false);
    const user = await ws.createUser();
    const group = await ws.createGroup();
    const refused = await ws.request('PATCH', `/Groups/${group}`, patch({ op: 'add', path: 'members', value: [{ value: user, displayName: 'new User' }] }));
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('"displayName"');
    expect((await ws.request('GET', `/Groups/${group}`)).body.members ?? []).toEqual([]);
  });
});

describe('endpoint names in another case and a trailing slash', () => {
  it('find the same routes: /users, /GROUPS, /Users/?filter=', async () => {
    const ws = workspace('strict');
    const id = await ws.createUser({ displayName: 'Casey' });
    expect((await ws.request('GET', `/users/${id}`)).body.id).toBe(id);
    expect((await ws.request('GET', '/GROUPS')).status).toBe(200);
    const filtered = await ws.request('GET', `/Users/?filter=${encodeURIComponent('displayName eq "Casey"')}`);
    expect(filtered.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
  });
});
