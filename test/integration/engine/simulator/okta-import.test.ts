import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaImport } from '../../../../src/engine/simulator/okta-import';
import { jsonOf, queryOf, startFaultProxy, withJson, type PlantedFault } from '../../../support/fault-proxy';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * Okta's import against a real workbench holding 150 users and 3 groups: directly, and behind a
 * fault proxy that breaks the paging the ways servers do (each must stop the import with the reason).
 */
let server: ScimTestServer;
const USERS = 150;
beforeAll(async () => {
  server = await startScimServer();
  for (let index = 0; index < USERS; index++) {
    const created = await server.request('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: `import-${index}@example.com`,
    });
    expect(created.status).toBe(201);
  }
  for (const name of ['Sales', 'Finance', 'Support'])
    expect((await server.request('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name })).status).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

const auth = () => ({ kind: 'bearer' as const, token: server.token });

it('reads every user and group, page by page as Okta asks for them', async () => {
  const pages: string[] = [];
  const result = await oktaImport({ baseUrl: server.baseUrl, auth: auth(), onRequest: (sent) => pages.push(sent.path) });
  expect(result).toEqual({
    users: { read: USERS, pages: 2, totalResults: USERS },
    groups: { read: 3, pages: 1, totalResults: 3 },
    requests: 3,
    cancelled: false,
  });
  expect(pages).toEqual(['/Users?startIndex=1&count=100', '/Users?startIndex=101&count=100', '/Groups?startIndex=1&count=100']);
});

it('takes a smaller page size, and reads an empty list in one page', async () => {
  expect((await oktaImport({ baseUrl: server.baseUrl, auth: auth(), pageSize: 40 })).users).toEqual({ read: USERS, pages: 4, totalResults: USERS });
  const empty = server.app.workbench.workspaces.create('import-empty');
  const result = await oktaImport({ baseUrl: `${server.origin}/w/import-empty/scim/v2`, auth: { kind: 'bearer', token: empty.token } });
  expect(result).toMatchObject({ users: { read: 0, pages: 1, totalResults: 0 }, groups: { read: 0, pages: 1, totalResults: 0 } });
  expect(result.problem).toBeUndefined();
});

const isUserList = (url: string) => url.split('?')[0]!.endsWith('/Users');

describe.each<{ name: string; fault: Omit<PlantedFault, 'description' | 'family' | 'breaks'>; problem: RegExp; maxPages?: number }>([
  {
    name: 'a server that ignores startIndex (the first page again and again)',
    fault: { request: (request) => (isUserList(request.url) ? { ...request, url: request.url.replace(/startIndex=\d+/, 'startIndex=1') } : request) },
    problem:
      /^GET \/Users\?startIndex=101&count=100 \(page 2\) repeats 100 users already read \(e\.g\. [^)]+\): the server ignores startIndex, and Okta's import would loop\.$/,
  },
  {
    name: 'totalResults larger than what the pages hold',
    fault: { response: (request, response) => (isUserList(request.url) ? withJson(response, { ...jsonOf(response), totalResults: USERS + 5 }) : response) },
    problem: /^GET \/Users\?startIndex=151&count=100 \(page 3\) is empty, but only 150 of totalResults 155 users were read/,
  },
  {
    name: 'totalResults that change between pages',
    fault: {
      response: (request, response) =>
        isUserList(request.url) ? withJson(response, { ...jsonOf(response), totalResults: USERS + Number(queryOf(request).get('startIndex')) }) : response,
    },
    problem: /^GET \/Users\?startIndex=101&count=100 \(page 2\) says totalResults 251, the first page said 151/,
  },
  {
    name: 'a list that never ends (new resources on every page)',
    fault: {
      response: (request, response) => {
        if (!isUserList(request.url)) return response;
        const body = jsonOf(response);
        return withJson(response, { ...body, totalResults: 1_000_000, Resources: [{ id: randomUUID() }, { id: randomUUID() }] });
      },
    },
    maxPages: 5,
    problem: /^Import of users stopped after 5 pages \(10 of 1000000 read\): the list does not end\.$/,
  },
  {
    name: 'a page that fails',
    fault: {
      response: (request, response) =>
        isUserList(request.url) && queryOf(request).get('startIndex') !== '1'
          ? { status: 500, headers: { 'content-type': 'application/scim+json' }, body: '{"detail":"database timeout"}' }
          : response,
    },
    problem: /^GET \/Users\?startIndex=101&count=100 \(page 2\) answered 500 \("database timeout"\); Okta stops the import of users there\.$/,
  },
  {
    name: 'a page that is no ListResponse',
    fault: { response: (request, response) => (isUserList(request.url) ? withJson(response, { Resources: 'none' }) : response) },
    problem: /^GET \/Users\?startIndex=1&count=100 \(page 1\) is not a ListResponse/,
  },
])('stops with the reason on $name', ({ fault, problem, maxPages }) => {
  it('and reads no groups after it', async () => {
    const proxy = await startFaultProxy(server.origin, { description: 'paging', family: 'import', breaks: [], ...fault });
    try {
      const result = await oktaImport({ baseUrl: `${proxy.origin}/scim/v2`, auth: auth(), maxPages });
      expect(result.problem).toMatch(problem);
      expect(result.groups.pages).toBe(0);
      expect(result.cancelled).toBe(false);
    } finally {
      await proxy.close();
    }
  });
});

it('stops when cancelled, and says so', async () => {
  const controller = new AbortController();
  const result = await oktaImport({
    baseUrl: server.baseUrl,
    auth: auth(),
    pageSize: 10,
    signal: controller.signal,
    onPage: ({ page }) => page === 2 && controller.abort(),
  });
  expect(result).toMatchObject({ cancelled: true, users: { pages: 2, read: 20 } });
  expect(result.problem).toBeUndefined();
});
