import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimResponse, type ScimTestServer } from '../../support/scim-server';

/**
 * Every bad request gets an RFC 7644 §3.12 error body, never a 500, and changes nothing:
 * after each test the resource counts and the fixtures' versions are checked against the
 * state before it.
 */

let server: ScimTestServer;
let user: { id: string };
let group: { id: string };

interface Snapshot {
  users: number;
  groups: number;
  userVersion: string;
  userDocument: unknown;
  groupVersion: string;
  groupMembers: unknown;
}
let before: Snapshot;

async function snapshot(): Promise<Snapshot> {
  const [users, groups, userNow, groupNow] = await Promise.all([
    server.request('GET', '/Users?count=0'),
    server.request('GET', '/Groups?count=0'),
    server.request('GET', `/Users/${user.id}`),
    server.request('GET', `/Groups/${group.id}`),
  ]);
  return {
    users: users.body.totalResults,
    groups: groups.body.totalResults,
    userVersion: userNow.body.meta.version,
    userDocument: userNow.body,
    groupVersion: groupNow.body.meta.version,
    groupMembers: groupNow.body.members,
  };
}

beforeAll(async () => {
  server = await startScimServer();
  user = (
    await server.request('POST', '/Users', {
      schemas: [URN.user],
      userName: 'fixture@example.com',
      active: true,
      emails: [{ type: 'work', value: 'fixture@example.com', primary: true }],
    })
  ).body;
  group = (await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Fixture', members: [{ value: user.id }] })).body;
  before = await snapshot();
});
afterEach(async () => {
  expect(await snapshot()).toEqual(before);
});
afterAll(async () => {
  await server.close();
});

function expectScimError(response: ScimResponse, status: number, scimType?: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(response.body).toEqual({
    schemas: [URN.error],
    status: String(status),
    ...(scimType !== undefined && { scimType }),
    detail: expect.any(String),
  });
  expect(response.body.detail.length).toBeGreaterThan(0);
}

const patchUser = (Operations: unknown[], schemas: string[] = [URN.patchOp]) => server.request('PATCH', `/Users/${user.id}`, { schemas, Operations });
const patchGroup = (Operations: unknown[]) => server.request('PATCH', `/Groups/${group.id}`, { schemas: [URN.patchOp], Operations });
const listUsers = (filter: string) => server.request('GET', `/Users?filter=${encodeURIComponent(filter)}`);

describe('request bodies that are not a SCIM resource', () => {
  it('refuses malformed JSON with invalidSyntax', async () => {
    expectScimError(await server.request('POST', '/Users', '{"userName": "broken@example.com",'), 400, 'invalidSyntax');
  });

  it('refuses a JSON array body with invalidSyntax', async () => {
    expectScimError(await server.request('POST', '/Users', [{ userName: 'array@example.com' }]), 400, 'invalidSyntax');
  });

  it('refuses a JSON string body with invalidSyntax', async () => {
    expectScimError(await server.request('POST', '/Users', JSON.stringify('userName')), 400, 'invalidSyntax');
  });

  it('refuses an empty body with invalidSyntax', async () => {
    expectScimError(await server.request('POST', '/Users', ''), 400, 'invalidSyntax');
  });

  it('refuses a body with a __proto__ key with invalidSyntax', async () => {
    const response = await server.request('POST', '/Users', '{"userName": "proto@example.com", "__proto__": {"admin": true}}');
    expectScimError(response, 400, 'invalidSyntax');
    expect(response.body.detail).toContain('__proto__');
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const body = { schemas: [URN.user], userName: 'big@example.com', title: 'x'.repeat(1024 * 1024) };
    expectScimError(await server.request('POST', '/Users', body), 413);
  });

  it('refuses a body nested 2,000 levels deep with invalidSyntax', async () => {
    const deep = `${'['.repeat(2000)}${']'.repeat(2000)}`;
    const response = await server.request('POST', '/Users', `{"userName": "deep@example.com", "x": ${deep}}`);
    expectScimError(response, 400, 'invalidSyntax');
  });

  // text/plain and text/json are read as JSON in the default mode (missing-content-type.test.ts).
  it('refuses an application/xml body with 415', async () => {
    const response = await server.request('POST', '/Users', JSON.stringify({ userName: 'plain@example.com' }), {
      'content-type': 'application/xml',
    });
    expectScimError(response, 415);
  });
});

describe('attribute values of the wrong type', () => {
  it('refuses active: 42 with invalidValue', async () => {
    expectScimError(await server.request('POST', '/Users', { userName: 'active@example.com', active: 42 }), 400, 'invalidValue');
  });

  it('names a number too large to hold as such, not as the null JSON would write for it', async () => {
    const response = await server.request(
      'POST',
      '/Users',
      '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"huge@example.com","active":1e400}',
    );
    expectScimError(response, 400, 'invalidValue');
    expect(response.body.detail).toBe('"active" must be a boolean (true or false), not Infinity (a number too large to hold).');
  });

  it('refuses emails: "x" with invalidValue', async () => {
    expectScimError(await server.request('POST', '/Users', { userName: 'emails@example.com', emails: 'x' }), 400, 'invalidValue');
  });

  it('refuses name: "x" with invalidValue', async () => {
    expectScimError(await server.request('POST', '/Users', { userName: 'name@example.com', name: 'x' }), 400, 'invalidValue');
  });

  it('refuses a user without userName with invalidValue', async () => {
    expectScimError(await server.request('POST', '/Users', { schemas: [URN.user], displayName: 'No Name' }), 400, 'invalidValue');
  });

  it('refuses a PUT with a wrong type and leaves the user as it was', async () => {
    const response = await server.request('PUT', `/Users/${user.id}`, { userName: 'fixture@example.com', active: 'maybe' });
    expectScimError(response, 400, 'invalidValue');
    // The PUT would have dropped the emails; the afterEach snapshot compares the whole document too.
    expect((await server.request('GET', `/Users/${user.id}`)).body).toMatchObject({ active: true, emails: [{ value: 'fixture@example.com' }] });
  });

  it('refuses a PATCH that sets a wrong type with invalidValue', async () => {
    expectScimError(await patchUser([{ op: 'replace', path: 'active', value: 42 }]), 400, 'invalidValue');
  });
});

describe('malformed PATCH requests', () => {
  it('refuses an unknown attribute in the path with invalidPath', async () => {
    expectScimError(await patchUser([{ op: 'replace', path: 'favouriteColour', value: 'blue' }]), 400, 'invalidPath');
  });

  it('refuses a request without the PatchOp schema with invalidSyntax', async () => {
    expectScimError(await patchUser([{ op: 'replace', path: 'active', value: false }], [URN.user]), 400, 'invalidSyntax');
  });

  it('refuses an unknown op with invalidSyntax', async () => {
    expectScimError(await patchUser([{ op: 'move', path: 'active', value: false }]), 400, 'invalidSyntax');
  });

  it('refuses remove without a path with noTarget', async () => {
    expectScimError(await patchUser([{ op: 'remove' }]), 400, 'noTarget');
  });

  it('refuses replace on a filtered element that does not exist with noTarget', async () => {
    const response = await patchUser([{ op: 'replace', path: 'emails[type eq "home"].value', value: 'home@example.com' }]);
    expectScimError(response, 400, 'noTarget');
  });

  it('refuses a readOnly path with mutability', async () => {
    expectScimError(await patchUser([{ op: 'replace', path: 'id', value: 'chosen-id' }]), 400, 'mutability');
  });

  it('refuses a write to meta with mutability', async () => {
    const response = await patchUser([{ op: 'replace', path: 'meta.created', value: '2000-01-01T00:00:00Z' }]);
    expectScimError(response, 400, 'mutability');
  });

  it('quotes a huge path in its error only in part: the answer (and its recording) stays small', async () => {
    const path = `x${'y'.repeat(400_000)}`;
    const response = await patchUser([{ op: 'replace', path, value: 'blue' }]);
    expectScimError(response, 400, 'invalidPath');
    expect(response.body.detail).toContain('xyyy');
    expect(response.body.detail).toMatch(/\d[\d,]* more characters left out/);
    expect(JSON.stringify(response.body).length).toBeLessThan(5_000);
  });

  it('applies none of the operations when a later one fails', async () => {
    const response = await patchUser([
      { op: 'replace', path: 'active', value: false },
      { op: 'replace', path: 'favouriteColour', value: 'blue' },
    ]);
    expectScimError(response, 400, 'invalidPath');
    expect((await server.request('GET', `/Users/${user.id}`)).body.active, 'the first operation was not applied').toBe(true);
  });
});

describe('filter injection attempts', () => {
  const attempts: [string, string][] = [
    ['an escaped quote followed by OR 1=1', 'userName eq "x\\" OR 1=1 --"'],
    ['an SQL DROP TABLE', `userName eq "x'); DROP TABLE resources; --"`],
    ['a 10,000-character value', `userName eq "${'a'.repeat(10_000)}"`],
    ['500 nested parentheses', `${'('.repeat(500)}userName eq "x"${')'.repeat(500)}`],
    ['a bare OR 1=1', 'userName eq "x" or 1=1'],
  ];

  it.each(attempts)('answers %s with invalidFilter or no results', async (_label, filter) => {
    const response = await listUsers(filter);
    if (response.status === 200) {
      expect(response.body).toMatchObject({ schemas: [URN.listResponse], totalResults: 0 });
    } else {
      expectScimError(response, 400, 'invalidFilter');
    }
  });

  it('leaves the resources table in place', () => {
    const table = server.app.workbench.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'resources'").get();
    expect(table).toEqual({ name: 'resources' });
  });

  it('answers a URL larger than the header limit with a SCIM error', async () => {
    const filter = Array.from({ length: 2_000 }, (_, index) => `userName eq "user${index}@example.com"`).join(' or ');
    const response = await listUsers(filter);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectScimError(response, response.status);
  });
});

describe('query parameters out of range', () => {
  it('refuses a non-numeric startIndex with a 400', async () => {
    expectScimError(await server.request('GET', '/Users?startIndex=first'), 400, 'invalidValue');
  });

  it('refuses a query parameter sent twice, naming it', async () => {
    for (const query of ['count=1&count=2', 'filter=userName%20eq%20%22a%22&filter=userName%20eq%20%22b%22', 'attributes=userName&attributes=emails']) {
      const response = await server.request('GET', `/Users?${query}`);
      expectScimError(response, 400, 'invalidValue');
      const name = query.split('=')[0]!;
      expect(response.body.detail, query).toBe(`The query parameter "${name}" is sent more than once: send it once.`);
    }
  });

  it('answers a startIndex beyond 64 bits with an empty page', async () => {
    const response = await server.request('GET', '/Users?startIndex=99999999999999999999');
    expect(response.status).toBe(200);
    expect(response.body.Resources ?? []).toEqual([]);
  });

  it('answers an id longer than the schema allows (256) with a SCIM 400, and one longer than the router reads with a SCIM 414', async () => {
    expectScimError(await server.request('GET', `/Users/${'x'.repeat(300)}`), 400, 'invalidValue');
    expectScimError(await server.request('GET', `/Users/${'x'.repeat(2000)}`), 414);
  });
});

describe('authentication failures', () => {
  it('refuses a request without Authorization with 401 and WWW-Authenticate', async () => {
    const response = await server.request('GET', '/Users', undefined, { authorization: null });
    expectScimError(response, 401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('refuses the Basic scheme with 401', async () => {
    const basic = `Basic ${Buffer.from(`user:${server.token}`).toString('base64')}`;
    expectScimError(await server.request('GET', '/Users', undefined, { authorization: basic }), 401);
  });

  it('refuses a wrong token with 401', async () => {
    expectScimError(await server.request('GET', '/Users', undefined, { authorization: 'Bearer not-the-token' }), 401);
  });

  it('refuses a write with a wrong token without writing', async () => {
    const response = await server.request('POST', '/Users', { userName: 'intruder@example.com' }, { authorization: 'Bearer not-the-token' });
    expectScimError(response, 401);
  });

  it('answers an unknown workspace with 404', async () => {
    expectScimError(await server.request('GET', `${server.origin}/w/no-such-workspace/scim/v2/Users`), 404);
  });

  it('answers an unknown endpoint with a SCIM 404', async () => {
    expectScimError(await server.request('GET', '/Widgets'), 404);
  });
});

describe('conditional requests with a stale ETag', () => {
  it('refuses a PUT with If-Match of an old version with 412', async () => {
    const response = await server.request('PUT', `/Users/${user.id}`, { schemas: [URN.user], userName: 'renamed@example.com' }, { 'if-match': 'W/"0"' });
    expectScimError(response, 412);
  });

  it('refuses a PATCH with If-Match of an old version with 412', async () => {
    const response = await server.request(
      'PATCH',
      `/Users/${user.id}`,
      { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] },
      { 'if-match': 'W/"0"' },
    );
    expectScimError(response, 412);
  });

  it('refuses a DELETE with If-Match of an old version with 412', async () => {
    expectScimError(await server.request('DELETE', `/Users/${user.id}`, undefined, { 'if-match': 'W/"0"' }), 412);
  });
});

describe('group members that do not exist (strict workspace)', () => {
  // Outside strict mode unknown members are dropped and noted (test/integration/engine/unknown-members.test.ts).
  beforeAll(() => {
    server.app.workbench.workspaces.configure('default', { compatibility: 'strict' });
  });
  afterAll(() => {
    server.app.workbench.workspaces.configure('default', { compatibility: 'auto' });
  });

  it('refuses a new group naming an unknown member with invalidValue', async () => {
    const response = await server.request('POST', '/Groups', {
      schemas: [URN.group],
      displayName: 'Half valid',
      members: [{ value: user.id }, { value: 'no-such-user' }],
    });
    expectScimError(response, 400, 'invalidValue');
  });

  it('refuses a PATCH adding an unknown member, keeping the members it had', async () => {
    const response = await patchGroup([
      { op: 'replace', path: 'displayName', value: 'Renamed' },
      { op: 'add', path: 'members', value: [{ value: 'no-such-user' }] },
    ]);
    expectScimError(response, 400, 'invalidValue');
  });

  it('refuses a PUT naming an unknown member, keeping the members it had', async () => {
    const response = await server.request('PUT', `/Groups/${group.id}`, {
      schemas: [URN.group],
      displayName: 'Replaced',
      members: [{ value: 'no-such-user' }],
    });
    expectScimError(response, 400, 'invalidValue');
  });

  it('refuses a group as a member of itself with invalidValue', async () => {
    expectScimError(await patchGroup([{ op: 'add', path: 'members', value: [{ value: group.id }] }]), 400, 'invalidValue');
  });
});
