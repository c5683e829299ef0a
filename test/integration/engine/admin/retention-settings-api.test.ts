import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { DEFAULT_RETENTION } from '../../../../src/engine/settings/retention-settings';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { listenAdmin } from '../../../support/admin-api';

/** Retention through the inspector's settings route: the same checks as the CLI, a 400 that says why. */
const ADMIN_TOKEN = 'admin-token-for-retention-tests';
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN });
  adminUrl = await listenAdmin(admin);
});
afterAll(async () => {
  await admin.close();
  await scim.close();
});

async function settings(method: 'GET' | 'PATCH', body?: unknown) {
  const response = await fetch(`${adminUrl}/workspaces/default/settings`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // Tests read arbitrary fields of the answer.
  return { status: response.status, body: (await response.json()) as any };
}

describe('retention in the admin settings route', () => {
  it('is served with the other settings and changed one limit at a time', async () => {
    expect((await settings('GET')).body.retention).toEqual(DEFAULT_RETENTION);
    const changed = await settings('PATCH', { retention: { exchanges: null } });
    expect(changed).toEqual({ status: 200, body: expect.objectContaining({ retention: { ...DEFAULT_RETENTION, exchanges: null } }) });
  });

  it('refuses a bad limit with 400 and its reason, storing nothing', async () => {
    const refused = await settings('PATCH', { retention: { days: 0.5 } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('Setting \\"retention.days\\" must be a whole number of days from 1 to 3650');
    expect((await settings('GET')).body.retention).toEqual({ ...DEFAULT_RETENTION, exchanges: null });
  });
});
