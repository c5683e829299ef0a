import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/** POST /.search (RFC 7644 §3.4.3) on /Users, /Groups and the root (Users then Groups). */

let server: ScimTestServer;
const search = (path: string, body: Record<string, unknown>) => server.request('POST', path, { schemas: [URN.searchRequest], ...body });

beforeAll(async () => {
  server = await startScimServer();
  for (const name of ['ann', 'bob', 'cy']) {
    expect((await server.request('POST', '/Users', { schemas: [URN.user], userName: `${name}@example.com` })).status).toBe(201);
  }
  for (const name of ['g1', 'g2']) {
    expect((await server.request('POST', '/Groups', { schemas: [URN.group], displayName: name })).status).toBe(201);
  }
});
afterAll(async () => {
  await server.close();
});

describe('POST /.search at the root with a small maxResults', () => {
  it('returns at most maxResults resources of both types together, and pages on over the rest', async () => {
    const small = await startScimServer({ maxResults: 2 });
    try {
      for (const name of ['u1', 'u2']) await small.request('POST', '/Users', { schemas: [URN.user], userName: name });
      for (const name of ['g1', 'g2']) await small.request('POST', '/Groups', { schemas: [URN.group], displayName: name });
      const first = await small.request('POST', '/.search', { schemas: [URN.searchRequest] });
      expect(first.body.totalResults).toBe(4);
      expect(first.body.Resources.map((r: any) => r.userName ?? r.displayName)).toEqual(['u1', 'u2']);
      const second = await small.request('POST', '/.search', { schemas: [URN.searchRequest], startIndex: 3 });
      expect(second.body.Resources.map((r: any) => r.userName ?? r.displayName)).toEqual(['g1', 'g2']);
    } finally {
      await small.close();
    }
  });
});

describe('POST /.search', () => {
  it('filters users, with attributes as an array, answering 200', async () => {
    const response = await search('/Users/.search', { filter: 'userName eq "bob@example.com"', attributes: ['userName'] });
    expect(response.status).toBe(200);
    expect(response.body.schemas).toEqual([URN.listResponse]);
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0].userName).toBe('bob@example.com');
    expect(response.body.Resources[0].emails).toBeUndefined();
  });

  it('sorts and pages groups', async () => {
    const response = await search('/Groups/.search', { sortBy: 'displayName', sortOrder: 'descending', startIndex: 1, count: 1 });
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(2);
    expect(response.body.Resources.map((r: any) => r.displayName)).toEqual(['g2']);
  });

  it('the root searches users then groups, each with its own resourceType', async () => {
    const all = await search('/.search', {});
    expect(all.status).toBe(200);
    expect(all.body.totalResults).toBe(5);
    expect(all.body.Resources.map((r: any) => r.meta.resourceType)).toEqual(['User', 'User', 'User', 'Group', 'Group']);
    const page = await search('/.search', { startIndex: 3, count: 2 });
    expect(page.body.Resources.map((r: any) => r.userName ?? r.displayName)).toEqual(['cy@example.com', 'g1']);
    expect(page.body.itemsPerPage).toBe(2);
    const groupsOnly = await search('/.search', { startIndex: 5, count: 10 });
    expect(groupsOnly.body.Resources.map((r: any) => r.displayName)).toEqual(['g2']);
    const counted = await search('/.search', { count: 0 });
    expect(counted.body.totalResults).toBe(5);
    expect(counted.body.Resources ?? []).toEqual([]);
  });

  it('the root applies a filter on one type’s attribute to that type, matching nothing of the other', async () => {
    const users = await search('/.search', { filter: 'userName sw "b"' });
    expect(users.status).toBe(200);
    expect(users.body.Resources.map((r: any) => r.userName)).toEqual(['bob@example.com']);
    const groups = await search('/.search', { filter: 'displayName eq "g1"' });
    expect(groups.body.Resources.map((r: any) => r.meta.resourceType)).toEqual(['Group']);
    const neither = await search('/.search', { filter: 'shoeSize gt 40' });
    expect(neither.status).toBe(400);
    expect(neither.body.scimType).toBe('invalidFilter');
    const broken = await search('/.search', { filter: 'userName eq' });
    expect(broken.status).toBe(400);
    expect(broken.body.scimType).toBe('invalidFilter');
  });

  it('rejects a missing or wrong schemas with invalidSyntax', async () => {
    const missing = await server.request('POST', '/Users/.search', { filter: 'userName pr' });
    expect(missing.status).toBe(400);
    expect(missing.body.scimType).toBe('invalidSyntax');
    const wrong = await server.request('POST', '/Users/.search', { schemas: [URN.patchOp] });
    expect(wrong.body.scimType).toBe('invalidSyntax');
  });

  it('rejects wrong field types with invalidValue', async () => {
    for (const body of [{ count: '2' }, { startIndex: 1.5 }, { filter: 3 }, { attributes: 'userName' }]) {
      const response = await search('/Users/.search', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.scimType).toBe('invalidValue');
    }
  });

  it('requires a bearer token', async () => {
    const response = await server.request('POST', '/Users/.search', { schemas: [URN.searchRequest] }, { authorization: null });
    expect(response.status).toBe(401);
  });
});
