import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES_HEADER } from '../../../src/engine/http/scim-api';
import { MAX_FILTER_LENGTH } from '../../../src/engine/scim/filter/parse';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/** Filters (RFC 7644 §3.4.2.2) and sorting (§3.4.2.3) over HTTP, including what a client gets wrong. */

const ENTERPRISE = URN.enterpriseUser;
let server: ScimTestServer;
const idOf = new Map<string, string>();
const nameOf = new Map<string, string>();

beforeAll(async () => {
  server = await startScimServer();
  const users = [
    {
      userName: 'jane',
      displayName: 'Jane Doe',
      active: true,
      emails: [
        { value: 'jane@acme.com', type: 'work', primary: true },
        { value: 'jane@home.org', type: 'home' },
      ],
    },
    { userName: "O'Hara", displayName: 'scarlett', active: false, emails: [{ value: 'oh@home.org', type: 'home' }], [ENTERPRISE]: { department: 'Sales' } },
    {
      userName: 'Otto',
      active: true,
      emails: [
        { value: 'otto@acme.com', type: 'home' },
        { value: 'o@x.org', type: 'work' },
      ],
      [ENTERPRISE]: { department: 'eng', manager: { value: 'm1' } },
    },
    { userName: 'bea', name: { familyName: 'Zed', givenName: 'Bea' } },
  ];
  for (const user of users) {
    const schemas = [URN.user, ...(ENTERPRISE in user ? [ENTERPRISE] : [])];
    const response = await server.request('POST', '/Users', { schemas, ...user });
    expect(response.status).toBe(201);
    idOf.set(user.userName, response.body.id);
    nameOf.set(response.body.id, user.userName);
  }
});
afterAll(async () => {
  await server.close();
});

const list = (query: Record<string, string>) => server.request('GET', `/Users?${new URLSearchParams(query)}`);
const names = (body: { Resources?: { id: string }[] }) => (body.Resources ?? []).map((resource) => nameOf.get(resource.id));

describe('GET /Users?filter=', () => {
  it.each([
    ['userName eq "JANE"', ['jane']],
    ['USERNAME sw "o"', ["O'Hara", 'Otto']],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "otto"', ['Otto']],
    ['name.familyName eq "zed"', ['bea']],
    [`${ENTERPRISE}:department eq "SALES"`, ["O'Hara"]],
    [`${ENTERPRISE}:manager.value eq "m1"`, ['Otto']],
    ['emails[type eq "work" and value co "@acme"]', ['jane']],
    ['emails[not (type eq "home")]', ['jane', 'Otto']],
    // One element must be both: Otto's acme address is his home one.
    ['emails[type eq "work"].value co "@acme"', ['jane']],
    ['emails.type eq "work" and emails.value co "@acme"', ['jane', 'Otto']],
    ['active eq true and not (displayName pr)', ['Otto']],
    ['displayName pr or name pr', ['jane', "O'Hara", 'bea']],
    ['emails pr and not (emails.type eq "home")', []],
    ['meta.created gt "2000-01-01T00:00:00Z" and meta.lastModified lt "2999-01-01T00:00:00+02:00"', ['jane', "O'Hara", 'Otto', 'bea']],
  ])('%s', async (filter, expected) => {
    const response = await list({ filter });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(names(response.body)).toEqual(expected);
  });

  it.each([
    'userName eq',
    '(userName eq "x"',
    'userName eq "x") OR 1=1 --"',
    'userName zz "x"',
    'active gt "x"',
    'userName gt true',
    'nosuch eq "x"',
    'name eq "x"',
    'emails[type eq "work"',
    `userName eq "${'x'.repeat(MAX_FILTER_LENGTH)}"`,
    `${'('.repeat(200)}userName pr${')'.repeat(200)}`,
  ])('%s is 400 invalidFilter', async (filter) => {
    const response = await list({ filter });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [URN.error], status: '400', scimType: 'invalidFilter' });
  });

  it('keeps an injection attempt a string: no match, data intact', async () => {
    const response = await list({ filter: 'userName eq "x\\") OR 1=1 --"' });
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(0);
    expect((await list({})).body.totalResults).toBe(4);
  });
});

describe('unquoted filter values', () => {
  it('are read as strings, and noted, where the workspace mode accepts them', async () => {
    const response = await list({ filter: 'userName eq jane' });
    expect(response.status).toBe(200);
    expect(names(response.body)).toEqual(['jane']);
    expect(response.headers[NOTES_HEADER]).toContain('normalised:unquotedFilterValue');
    const startsWith = await list({ filter: 'userName sw O' });
    expect(names(startsWith.body)).toEqual(["O'Hara", 'Otto']);
  });

  it('are 400 invalidFilter in strict mode, and a quoted filter is unaffected', async () => {
    const slug = server.app.workbench.workspaces.ensureDefault().slug;
    server.app.workbench.workspaces.configure(slug, { compatibility: 'strict' });
    try {
      const response = await list({ filter: 'userName eq jane' });
      expect(response.status).toBe(400);
      expect(response.body.scimType).toBe('invalidFilter');
      expect(response.headers[NOTES_HEADER]).toBeUndefined();
      expect(names((await list({ filter: 'userName eq "jane"' })).body)).toEqual(['jane']);
    } finally {
      server.app.workbench.workspaces.configure(slug, { compatibility: 'auto' });
    }
  });
});

describe('GET /Users?sortBy=&sortOrder=', () => {
  it('is advertised in ServiceProviderConfig', async () => {
    const response = await server.request('GET', '/ServiceProviderConfig');
    expect(response.body.sort).toEqual({ supported: true });
  });

  it('sorts case-insensitively, ascending by default, and descending on request', async () => {
    expect(names((await list({ sortBy: 'userName' })).body)).toEqual(['bea', 'jane', "O'Hara", 'Otto']);
    expect(names((await list({ sortBy: 'userName', sortOrder: 'descending' })).body)).toEqual(['Otto', "O'Hara", 'jane', 'bea']);
  });

  it('sorts by a multi-valued attribute’s primary (else first) value, missing last', async () => {
    // jane: primary jane@acme.com; O'Hara: oh@home.org; Otto: first, otto@acme.com; bea: none.
    expect(names((await list({ sortBy: 'emails.value' })).body)).toEqual(['jane', "O'Hara", 'Otto', 'bea']);
    expect(names((await list({ sortBy: 'emails.type' })).body)).toEqual(["O'Hara", 'Otto', 'jane', 'bea']);
  });

  it('sorts by a URN-qualified extension attribute, with a filter and paging', async () => {
    const response = await list({ sortBy: `${ENTERPRISE}:department`, sortOrder: 'descending', filter: 'active pr', count: '2' });
    expect(response.body).toMatchObject({ totalResults: 3, itemsPerPage: 2 });
    // Descending: jane (no department) first, then Sales, then eng.
    expect(names(response.body)).toEqual(['jane', "O'Hara"]);
    const next = await list({ sortBy: `${ENTERPRISE}:department`, sortOrder: 'descending', filter: 'active pr', count: '2', startIndex: '3' });
    expect(names(next.body)).toEqual(['Otto']);
    expect(next.body.totalResults).toBe(3);
  });

  it.each([
    [{ sortBy: 'nosuch' }],
    [{ sortBy: 'name' }],
    [{ sortBy: 'userName;DROP TABLE resources' }],
    [{ sortBy: 'userName', sortOrder: 'random' }],
    [{ sortOrder: 'up' }],
  ])('%j is 400 invalidValue', async (query) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [URN.error], scimType: 'invalidValue' });
  });

  it('rejects an over-long sortBy before it reaches the engine', async () => {
    const response = await list({ sortBy: 'x'.repeat(600) });
    expect(response.status).toBe(400);
  });
});
