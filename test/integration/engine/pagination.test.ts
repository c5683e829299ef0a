import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/** RFC 7644 §3.4.2.4: 1-based startIndex and count, over a stable (creation) order. */

const MAX_RESULTS = 25;
const USER_COUNT = 30;

let server: ScimTestServer;
/** Ids in the order the users were created. */
const createdIds: string[] = [];

beforeAll(async () => {
  server = await startScimServer({ maxResults: MAX_RESULTS });
  for (let index = 1; index <= USER_COUNT; index++) {
    const response = await server.request('POST', '/Users', {
      schemas: [URN.user],
      userName: `user${String(index).padStart(2, '0')}@example.com`,
    });
    expect(response.status).toBe(201);
    createdIds.push(response.body.id);
  }
});
afterAll(async () => {
  await server.close();
});

const ids = (body: { Resources?: { id: string }[] }) => (body.Resources ?? []).map((resource) => resource.id);

describe('paging through 30 users 10 at a time', () => {
  it('covers every user exactly once, in creation order', async () => {
    const seen: string[] = [];
    for (const startIndex of [1, 11, 21]) {
      const response = await server.request('GET', `/Users?startIndex=${startIndex}&count=10`);
      expect(response.status).toBe(200);
      seen.push(...ids(response.body));
    }
    expect(seen).toEqual(createdIds);
  });

  it('reports totalResults 30, the startIndex asked for and 10 itemsPerPage on every page', async () => {
    for (const startIndex of [1, 11, 21]) {
      const response = await server.request('GET', `/Users?startIndex=${startIndex}&count=10`);
      expect(response.body).toMatchObject({
        schemas: [URN.listResponse],
        totalResults: USER_COUNT,
        startIndex,
        itemsPerPage: 10,
      });
    }
  });

  it('answers a last page that runs past the end with the users that remain', async () => {
    const response = await server.request('GET', '/Users?startIndex=26&count=10');
    expect(ids(response.body)).toEqual(createdIds.slice(25));
    expect(response.body.itemsPerPage).toBe(5);
  });
});

describe('out-of-range paging parameters', () => {
  it('treats startIndex=0 as 1', async () => {
    const response = await server.request('GET', '/Users?startIndex=0&count=3');
    expect(response.status).toBe(200);
    expect(response.body.startIndex).toBe(1);
    expect(ids(response.body)).toEqual(createdIds.slice(0, 3));
  });

  it('treats a negative startIndex as 1', async () => {
    const response = await server.request('GET', '/Users?startIndex=-5&count=3');
    expect(response.status).toBe(200);
    expect(response.body.startIndex).toBe(1);
    expect(ids(response.body)).toEqual(createdIds.slice(0, 3));
  });

  it('answers count=0 with totalResults and no resources', async () => {
    const response = await server.request('GET', '/Users?count=0');
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(USER_COUNT);
    expect(response.body.itemsPerPage).toBe(0);
    expect(response.body.Resources ?? []).toEqual([]);
  });

  it('caps a count above maxResults at maxResults', async () => {
    const response = await server.request('GET', '/Users?startIndex=1&count=1000');
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(USER_COUNT);
    expect(response.body.itemsPerPage).toBe(MAX_RESULTS);
    expect(ids(response.body)).toEqual(createdIds.slice(0, MAX_RESULTS));
  });

  it('returns at most maxResults when no count is given', async () => {
    const response = await server.request('GET', '/Users');
    expect(ids(response.body)).toEqual(createdIds.slice(0, MAX_RESULTS));
  });

  it('answers a startIndex past the end with an empty page and the full totalResults', async () => {
    const response = await server.request('GET', '/Users?startIndex=31&count=10');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalResults: USER_COUNT, startIndex: 31, itemsPerPage: 0 });
    expect(response.body.Resources ?? []).toEqual([]);
  });

  it('advertises the cap as filter.maxResults in ServiceProviderConfig', async () => {
    const response = await server.request('GET', '/ServiceProviderConfig');
    expect(response.body.filter).toEqual({ supported: true, maxResults: MAX_RESULTS });
  });
});

describe('paging a filtered list', () => {
  it('counts and pages only the users that match', async () => {
    const filter = encodeURIComponent('userName sw "user1"');
    const first = await server.request('GET', `/Users?filter=${filter}&startIndex=1&count=6`);
    const second = await server.request('GET', `/Users?filter=${filter}&startIndex=7&count=6`);
    expect(first.body.totalResults).toBe(10);
    expect([...ids(first.body), ...ids(second.body)]).toEqual(createdIds.slice(9, 19));
  });
});
