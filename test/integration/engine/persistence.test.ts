import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/** Everything written through the API is on disk: a restarted server on the same file serves it as it was. */

let dir: string;
let reopened: ScimTestServer;
const before = {
  token: '',
  workspaceToken: '',
  user: {} as Record<string, any>,
  deactivated: {} as Record<string, any>,
  group: {} as Record<string, any>,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scim-workbench-persistence-'));
  const dbPath = join(dir, 'workbench.db');

  const first = await startScimServer({ dbPath });
  try {
    before.token = first.token;
    before.workspaceToken = first.app.workbench.workspaces.create('acme').token;
    before.user = (
      await first.request('POST', '/Users', {
        schemas: [URN.user, URN.enterpriseUser],
        userName: 'kept@example.com',
        name: { givenName: 'Kept', familyName: 'User' },
        emails: [{ type: 'work', value: 'kept@example.com', primary: true }],
        [URN.enterpriseUser]: { department: 'Records' },
      })
    ).body;
    const deactivated = (await first.request('POST', '/Users', { schemas: [URN.user], userName: 'inactive@example.com' })).body;
    before.deactivated = (
      await first.request('PATCH', `/Users/${deactivated.id}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'replace', value: { active: false } }],
      })
    ).body;
    before.group = (
      await first.request('POST', '/Groups', {
        schemas: [URN.group],
        displayName: 'Archivists',
        members: [{ value: before.user.id }, { value: deactivated.id }],
      })
    ).body;
    // As they are served once the group is made: joining it gave each a new version.
    before.user = (await first.request('GET', `/Users/${before.user.id}`)).body;
    before.deactivated = (await first.request('GET', `/Users/${deactivated.id}`)).body;
  } finally {
    await first.close();
  }

  reopened = await startScimServer({ dbPath });
});

afterAll(async () => {
  await reopened?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reopening the server on the same database file', () => {
  it('keeps the default workspace token', async () => {
    expect(reopened.token).toBe(before.token);
    expect((await reopened.request('GET', '/Users')).status).toBe(200);
  });

  it('keeps another workspace and its token', async () => {
    const response = await reopened.request('GET', `${reopened.origin}/w/acme/scim/v2/Users`, undefined, {
      authorization: `Bearer ${before.workspaceToken}`,
    });
    expect(response.status).toBe(200);
  });

  it('serves a user exactly as before, extension and meta included', async () => {
    const response = await reopened.request('GET', `/Users/${before.user.id}`);
    // The port differs after a restart, and so do meta.location and each group's $ref (its groups are checked below).
    const comparable = (body: Record<string, any>) => ({ ...body, meta: { ...body.meta, location: undefined }, groups: undefined });
    expect(comparable(response.body)).toEqual(comparable(before.user));
    expect(response.body[URN.enterpriseUser]).toEqual({ department: 'Records' });
  });

  it('keeps changes made by PATCH', async () => {
    const response = await reopened.request('GET', `/Users/${before.deactivated.id}`);
    expect(response.body.active).toBe(false);
    expect(response.body.meta.version).toBe(before.deactivated.meta.version);
  });

  it('keeps a group with its members', async () => {
    const response = await reopened.request('GET', `/Groups/${before.group.id}`);
    expect(response.body.displayName).toBe('Archivists');
    expect(response.body.members.map((member: { value: string }) => member.value).sort()).toEqual([before.user.id, before.deactivated.id].sort());
  });

  it("keeps the users' derived groups", async () => {
    const response = await reopened.request('GET', `/Users/${before.user.id}`);
    expect(response.body.groups).toEqual([expect.objectContaining({ value: before.group.id, display: 'Archivists' })]);
  });

  it('still finds users by filter', async () => {
    const response = await reopened.request('GET', `/Users?filter=${encodeURIComponent('userName eq "KEPT@example.com"')}`);
    expect(response.body.totalResults).toBe(1);
  });

  it('still enforces userName uniqueness for the stored users', async () => {
    const response = await reopened.request('POST', '/Users', { schemas: [URN.user], userName: 'Kept@Example.com' });
    expect(response.status).toBe(409);
  });
});
