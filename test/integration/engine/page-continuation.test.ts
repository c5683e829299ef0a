import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { openWorkbench } from '../../../src/engine/workbench';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * A page that follows one just served is read from where that page ended (ResourceStore.list keeps
 * the last row of each full page), not with OFFSET. These tests pin that the pages stay exactly what
 * OFFSET gives after every kind of write: through the server, by another connection to the same file,
 * and the deletion of a workspace whose id SQLite may hand to the next one.
 */

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const PAGE = 4;
const user = (userName: string) => ({ schemas: [URN.user], userName });

function headersOf(token?: string) {
  return token ? { authorization: `Bearer ${token}` } : undefined;
}

/** The userNames on one page of the list (optionally filtered), as the client sees them. */
async function pageOf(startIndex: number, options: { base?: string; token?: string; filter?: string } = {}): Promise<string[]> {
  const filter = options.filter === undefined ? '' : `&filter=${encodeURIComponent(options.filter)}`;
  const response = await server.request(
    'GET',
    `${options.base ?? ''}/Users?startIndex=${startIndex}&count=${PAGE}${filter}`,
    undefined,
    headersOf(options.token),
  );
  expect(response.status).toBe(200);
  return (response.body.Resources as { userName: string }[]).map((resource) => resource.userName);
}

/** Every user in creation order, read in one page: what any page must be a slice of. */
async function allUsers(options: { base?: string; token?: string; filter?: string } = {}): Promise<string[]> {
  const filter = options.filter === undefined ? '' : `&filter=${encodeURIComponent(options.filter)}`;
  const response = await server.request('GET', `${options.base ?? ''}/Users?count=1000${filter}`, undefined, headersOf(options.token));
  expect(response.status).toBe(200);
  return (response.body.Resources as { userName: string }[]).map((resource) => resource.userName);
}

/** Reads pages 1, 2, … in turn (each one continues the one before) and checks each against OFFSET's slice. */
async function walkPages(options: { base?: string; token?: string; filter?: string } = {}): Promise<void> {
  const all = await allUsers(options);
  for (let startIndex = 1; startIndex <= all.length + 1; startIndex += PAGE) {
    expect(await pageOf(startIndex, options)).toEqual(all.slice(startIndex - 1, startIndex - 1 + PAGE));
  }
}

async function create(userName: string, options: { base?: string; token?: string } = {}): Promise<string> {
  const response = await server.request('POST', `${options.base ?? ''}/Users`, user(userName), headersOf(options.token));
  expect(response.status).toBe(201);
  return response.body.id;
}

describe('pages that continue the page before', () => {
  it('match OFFSET after creates and deletes through the server', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 10; index++) ids.push(await create(`page.${index}`));
    await walkPages();
    // Page 2 ended after page.7's row: deleting a user on page 1 moves page.4 onto page 1 and page.8 onto page 2.
    expect(await pageOf(1)).toEqual(['page.0', 'page.1', 'page.2', 'page.3']);
    expect(await pageOf(5)).toEqual(['page.4', 'page.5', 'page.6', 'page.7']);
    expect((await server.request('DELETE', `/Users/${ids[1]}`)).status).toBe(204);
    expect(await pageOf(5)).toEqual(['page.5', 'page.6', 'page.7', 'page.8']);
    await walkPages();

    expect(await pageOf(1)).toEqual(['page.0', 'page.2', 'page.3', 'page.4']);
    await create('page.10');
    expect(await pageOf(9)).toEqual(['page.9', 'page.10']);
    await walkPages();
  });

  it('match OFFSET after a write by another connection to the same database file', async () => {
    await walkPages();
    const all = await allUsers();
    expect(await pageOf(1)).toEqual(all.slice(0, PAGE));
    const other = openWorkbench({ dbPath: server.dbPath });
    try {
      const workspace = other.workspaces.ensureDefault();
      const first = other.resources.list({ workspaceId: workspace.id, baseUrl: server.baseUrl }, 'User', { count: 1 }).Resources[0]!;
      other.resources.delete({ workspaceId: workspace.id, baseUrl: server.baseUrl }, 'User', first.id as string);
    } finally {
      other.close();
    }
    expect(await pageOf(PAGE + 1)).toEqual(all.slice(PAGE + 1, 2 * PAGE + 1));
    await walkPages();
  });

  it('match OFFSET for a filtered list, and a filter’s pages are not another filter’s', async () => {
    for (let index = 0; index < 9; index++) await create(`odd.${index % 2 === 0 ? 'a' : 'b'}.${index}`);
    const a = { filter: 'userName sw "odd.a."' };
    const b = { filter: 'userName sw "odd.b."' };
    expect(await pageOf(1, a)).toEqual(['odd.a.0', 'odd.a.2', 'odd.a.4', 'odd.a.6']);
    expect(await pageOf(1, b)).toEqual(['odd.b.1', 'odd.b.3', 'odd.b.5', 'odd.b.7']);
    expect(await pageOf(5, a)).toEqual(['odd.a.8']);
    expect(await pageOf(5, b)).toEqual([]);
    await walkPages(a);
    await walkPages(b);
  });

  it('do not carry a deleted workspace’s pages or count over to a new workspace that takes its id', async () => {
    const workspaces = server.app.workbench.workspaces;
    const first = workspaces.create('repage');
    const base = `${server.origin}/w/repage/scim/v2`;
    for (let index = 0; index < 6; index++) await create(`first.${index}`, { base, token: first.token });
    expect(await pageOf(1, { base, token: first.token })).toEqual(['first.0', 'first.1', 'first.2', 'first.3']);
    const counted = await server.request('GET', `${base}/Users?startIndex=5&count=${PAGE}`, undefined, headersOf(first.token));
    expect(counted.body.totalResults).toBe(6);

    // The cascade deletes the users without a write through the resource store.
    workspaces.delete('repage');
    const second = workspaces.create('repage');
    expect(second.id).toBe(first.id);
    const response = await server.request('GET', `${base}/Users?startIndex=5&count=${PAGE}`, undefined, headersOf(second.token));
    expect(response.status).toBe(200);
    expect(response.body.Resources).toEqual([]);
    expect(response.body.totalResults).toBe(0);
  });
});
