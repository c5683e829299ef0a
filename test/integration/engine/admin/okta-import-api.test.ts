import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OktaImportJobState } from '../../../../src/shared/okta-import';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';
import { adminApi } from '../../../support/admin-api';

/** Okta's import as an admin API job of a real engine: started, polled to its end, and refused clearly when asked wrongly. */
const dir = tempDir();
let engine: RunningEngine;
beforeAll(async () => {
  engine = await startEngine({ dbPath: join(dir.path, 'import-api.db'), port: 0 });
});
afterAll(async () => {
  await engine?.close();
  dir.remove();
});

const api = adminApi(() => ({ url: engine.adminUrl, token: engine.adminToken }));

it("reads the workspace's users and groups page by page, and reports the counts", async () => {
  const workspace = engine.workbench.workspaces.find('default')!;
  for (let index = 0; index < 3; index++) {
    await fetch(`${engine.scimBaseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${workspace.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `api-import-${index}@example.com` }),
    });
  }
  const started = await api<OktaImportJobState>('POST', '/imports', { target: { kind: 'workspace', workspace: 'default' }, pageSize: 2 });
  expect(started.status).toBe(200);
  expect(started.body).toMatchObject({ state: 'running', target: expect.stringMatching(/\/scim\/v2$/) });
  await expect.poll(async () => (await api<OktaImportJobState>('GET', `/imports/${started.body.id}`)).body.state).toBe('done');
  const done = (await api<OktaImportJobState>('GET', `/imports/${started.body.id}`)).body;
  expect(done.result).toEqual({ users: { read: 3, pages: 2, totalResults: 3 }, groups: { read: 0, pages: 1, totalResults: 0 }, requests: 3, cancelled: false });
  expect(done.requests).toBe(3);
});

it('answers unknown workspaces, bad page sizes and unknown jobs with an error', async () => {
  expect(await api('POST', '/imports', { target: { kind: 'workspace', workspace: 'nope' } })).toMatchObject({
    status: 404,
    body: { error: expect.stringContaining('No workspace named "nope"') },
  });
  expect((await api('POST', '/imports', { target: { kind: 'workspace', workspace: 'default' }, pageSize: 0 })).status).toBe(400);
  expect(await api('GET', '/imports/999')).toMatchObject({ status: 404, body: { error: 'No import 999.' } });
  expect((await api('POST', '/imports/999/cancel')).status).toBe(404);
});
