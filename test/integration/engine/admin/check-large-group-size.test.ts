import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import type { CheckJobState } from '../../../../src/shared/simulator';
import { adminApi, untilSettled, listenAdmin } from '../../../support/admin-api';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** The admin server's checkLargeGroupSize reaches the conformance check its /checks jobs run. */
describe('the admin check job with a small large group', () => {
  let scim: ScimTestServer;
  let admin: FastifyInstance;
  let adminUrl: string;
  beforeAll(async () => {
    scim = await startScimServer();
    admin = buildAdminServer({ workbench: scim.app.workbench, token: 'large-group-token', scimBaseUrl: scim.baseUrl, checkLargeGroupSize: 4 });
    adminUrl = await listenAdmin(admin);
  });
  afterAll(async () => {
    await admin?.close();
    await scim?.close();
  });

  it('builds a group of exactly that many members, and passes', async () => {
    const api = adminApi(() => ({ url: adminUrl, token: 'large-group-token' }));
    const started = await api<CheckJobState>('POST', '/checks', { idps: ['okta'], target: { kind: 'workspace', workspace: 'default' } });
    const done = await untilSettled(async () => (await api<CheckJobState>('GET', `/checks/${started.body.id}`)).body, 'the check job');
    expect(done.report).toMatchObject({ failed: 0 });
    const created = scim.app.workbench.db
      .prepare("SELECT count(*) FROM exchanges WHERE method = 'POST' AND url LIKE '%/Users' AND request_body LIKE '%member-%' AND status = 201")
      .pluck()
      .get();
    expect(created).toBe(4);
  });
});
