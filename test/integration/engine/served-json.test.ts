import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

// GET /Users, /Groups and a resource by id answer text built from the stored documents' text
// (ResourceService.listJson, getJson): it must be exactly the text serialising list() or get() gives.

let server: ScimTestServer;
let groupedUser: string;
let groupId: string;

beforeAll(async () => {
  server = await startScimServer();
  const users = [];
  for (const [index, userName] of ['plain@example.com', 'odd "name" \\ ]}', 'grouped@example.com'].entries()) {
    const response = await server.request('POST', '/Users', {
      schemas: [URN.user, URN.enterpriseUser],
      userName,
      ...(index > 0 && { externalId: `ext-${index}` }),
      name: { givenName: 'Jané', familyName: '😀' },
      emails: [{ value: `user${index}@example.com`, primary: true }],
      [URN.enterpriseUser]: { employeeNumber: String(index) },
    });
    expect(response.status).toBe(201);
    users.push(response.body.id as string);
  }
  const group = await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Admins', members: [{ value: users[2] }, { value: users[0] }] });
  expect(group.status).toBe(201);
  groupedUser = users[2]!;
  groupId = group.body.id;
});
afterAll(async () => {
  await server.close();
});

/** The body as sent, unparsed. */
async function rawGet(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string | null; etag: string | null; text: string }> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${server.token}`, ...headers } });
  return { status: response.status, contentType: response.headers.get('content-type'), etag: response.headers.get('etag'), text: await response.text() };
}

const context = () => {
  const workspace = server.app.workbench.workspaces.find('default')!;
  return { workspaceId: workspace.id, baseUrl: server.baseUrl, settings: workspace.settings };
};

describe('a list answer', () => {
  for (const [type, path, query] of [
    ['User', '/Users', {}],
    ['User', '/Users?startIndex=2&count=1', { startIndex: 2, count: 1 }],
    ['User', `/Users?filter=${encodeURIComponent('userName eq "grouped@example.com"')}`, { filter: 'userName eq "grouped@example.com"' }],
    ['User', '/Users?attributes=userName,groups', { attributes: 'userName,groups' }],
    ['User', '/Users?excludedAttributes=emails', { excludedAttributes: 'emails' }],
    ['Group', '/Groups', {}],
    ['Group', '/Groups?excludedAttributes=members', { excludedAttributes: 'members' }],
    ['User', '/Users?count=0', { count: 0 }],
  ] as const) {
    it(`is the serialised list() for GET ${path}`, async () => {
      const response = await rawGet(path);
      expect(response.status).toBe(200);
      expect(response.contentType).toBe('application/scim+json; charset=utf-8');
      const expected = JSON.stringify(server.app.workbench.resources.list(context(), type, query));
      expect(response.text).toBe(expected);
    });
  }

  it('shows the groups a user is in and the members of a group', async () => {
    const users = JSON.parse((await rawGet('/Users')).text);
    const grouped = users.Resources.find((user: { userName: string }) => user.userName === 'grouped@example.com');
    expect(grouped.groups).toEqual([expect.objectContaining({ display: 'Admins', type: 'direct' })]);
    expect(Object.keys(grouped).slice(0, 3)).toEqual(['schemas', 'id', 'externalId']);
    expect(Object.keys(grouped).at(-1)).toBe('meta');
    const groups = JSON.parse((await rawGet('/Groups')).text);
    expect(groups.Resources[0].members).toHaveLength(2);
  });
});

describe('a resource by id', () => {
  for (const [type, query] of [
    ['User', {}],
    ['User', { attributes: 'userName' }],
    ['User', { excludedAttributes: 'meta' }],
    ['Group', {}],
    ['Group', { excludedAttributes: 'members' }],
  ] as const) {
    it(`is the serialised get() with its ETag: ${type} ${JSON.stringify(query)}`, async () => {
      const id = type === 'User' ? groupedUser : groupId;
      const response = await rawGet(`/${type}s/${id}?${new URLSearchParams(query)}`);
      expect(response.status).toBe(200);
      expect(response.contentType).toBe('application/scim+json; charset=utf-8');
      const expected = server.app.workbench.resources.get(context(), type, id, query);
      expect(response.text).toBe(JSON.stringify(expected));
      expect(response.etag).toBe((expected.meta as { version?: string } | undefined)?.version ?? null);
    });
  }

  it('answers 304 without a body when If-None-Match holds its version, and 404 for an unknown id', async () => {
    const { etag } = await rawGet(`/Users/${groupedUser}`);
    const notModified = await rawGet(`/Users/${groupedUser}`, { 'if-none-match': etag! });
    expect(notModified.status).toBe(304);
    expect(notModified.etag).toBe(etag);
    expect(notModified.text).toBe('');
    expect((await rawGet('/Users/no-such-id')).status).toBe(404);
  });
});

describe('a PATCH answer', () => {
  // Built from the text the PATCH wrote (ResourceService.patchJson): exactly what serialising get() gives after it.
  let flip = 0;
  for (const [type, query] of [
    ['User', {}],
    ['User', { attributes: 'userName' }],
    ['User', { excludedAttributes: 'meta' }],
    ['Group', {}],
    ['Group', { attributes: 'members' }],
  ] as const) {
    it(`is the serialised get() after it, with its ETag: ${type} ${JSON.stringify(query)}`, async () => {
      const id = type === 'User' ? groupedUser : groupId;
      const value = type === 'User' ? { title: `Title ${flip++} "quoted" ü` } : { externalId: `group-ext-${flip++}` };
      const response = await fetch(`${server.baseUrl}/${type}s/${id}?${new URLSearchParams(query)}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: [URN.patchOp], Operations: [{ op: 'replace', value }] }),
      });
      const text = await response.text();
      const expected = server.app.workbench.resources.get(context(), type, id, query);
      const version = (expected.meta as { version?: string } | undefined)?.version ?? null;
      if (response.status === 204) {
        // A group's PATCH may answer without a body (patch-response.ts): its ETag is still the new version.
        expect(text).toBe('');
        expect(response.headers.get('etag')).toBe((server.app.workbench.resources.get(context(), type, id).meta as { version: string }).version);
        return;
      }
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
      expect(text).toBe(JSON.stringify(expected));
      expect(response.headers.get('etag')).toBe(version);
    });
  }
});

describe("a user's groups", () => {
  // One user's groups are read by a statement of their own (store/resources.ts groupsOfOne), a page's in one query.
  it('are the same, in the same order, for the user alone (by id, a lookup) as in a page of several users', async () => {
    for (const displayName of ['Zeta', 'Beta']) {
      const group = await server.request('POST', '/Groups', { schemas: [URN.group], displayName, members: [{ value: groupedUser }] });
      expect(group.status).toBe(201);
    }
    type Served = { id: string; groups: { value: string; display: string }[] };
    const page = JSON.parse((await rawGet('/Users')).text) as { Resources: Served[] };
    const inPage = page.Resources.find((user) => user.id === groupedUser)!.groups;
    expect(inPage.map((group) => group.display)).toEqual(['Admins', 'Zeta', 'Beta']);
    const byId = JSON.parse((await rawGet(`/Users/${groupedUser}`)).text) as Served;
    const lookup = JSON.parse((await rawGet(`/Users?filter=${encodeURIComponent('userName eq "grouped@example.com"')}`)).text) as { Resources: Served[] };
    expect(byId.groups).toEqual(inPage);
    expect(lookup.Resources[0]!.groups).toEqual(inPage);
  });
});
