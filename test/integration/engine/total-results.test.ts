import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { openWorkbench } from '../../../src/engine/workbench';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * totalResults of a list is cached between pages (ResourceStore.count). These tests pin
 * that every kind of write makes the next list count again: a write through the server,
 * a write by another connection to the same file (the CLI, a second app), and deleting a
 * workspace whose id SQLite may hand to the next workspace.
 */

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const user = (userName: string) => ({ schemas: [URN.user], userName });

/** A page of one that is not the last, so the server must count the matches. */
async function totalUsers(base = '', token?: string): Promise<number> {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  const response = await server.request('GET', `${base}/Users?count=1&filter=${encodeURIComponent('userName sw "total."')}`, undefined, headers);
  expect(response.status).toBe(200);
  return response.body.totalResults;
}

describe('totalResults after writes', () => {
  it('follows creates, renames and deletes made through the server', async () => {
    for (const name of ['total.a', 'total.b']) expect((await server.request('POST', '/Users', user(name))).status).toBe(201);
    expect(await totalUsers()).toBe(2);
    expect(await totalUsers()).toBe(2);

    const created = await server.request('POST', '/Users', user('total.c'));
    expect(await totalUsers()).toBe(3);

    const renamed = await server.request('PATCH', `/Users/${created.body.id}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'replace', path: 'userName', value: 'other.c' }],
    });
    expect(renamed.status).toBe(200);
    expect(await totalUsers()).toBe(2);

    const list = await server.request('GET', `/Users?filter=${encodeURIComponent('userName sw "total."')}`);
    expect((await server.request('DELETE', `/Users/${list.body.Resources[0].id}`)).status).toBe(204);
    expect(await totalUsers()).toBe(1);
  });

  it('follows a write made by another connection to the same database file', async () => {
    const before = await totalUsers();
    const other = openWorkbench({ dbPath: server.dbPath });
    try {
      const workspace = other.workspaces.ensureDefault();
      other.resources.create({ workspaceId: workspace.id, baseUrl: server.baseUrl }, 'User', user('total.from-cli'));
    } finally {
      other.close();
    }
    expect(await totalUsers()).toBe(before + 1);
  });

  it('does not carry a deleted workspace’s count over to a new workspace of the same name', async () => {
    const workspaces = server.app.workbench.workspaces;
    const first = workspaces.create('recount');
    const base = `${server.origin}/w/recount/scim/v2`;
    for (const name of ['total.x', 'total.y']) {
      const response = await server.request('POST', `${base}/Users`, user(name), { authorization: `Bearer ${first.token}` });
      expect(response.status).toBe(201);
    }
    expect(await totalUsers(base, first.token)).toBe(2);

    workspaces.delete('recount');
    const second = workspaces.create('recount');
    const response = await server.request('POST', `${base}/Users`, user('total.z'), { authorization: `Bearer ${second.token}` });
    expect(response.status).toBe(201);
    expect(await totalUsers(base, second.token)).toBe(1);
  });
});
