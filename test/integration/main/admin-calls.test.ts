import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminServer } from '../../../src/engine/admin/admin-server';
import { URN } from '../../../src/engine/scim/urns';
import { AdminCalls } from '../../../src/main/admin-calls';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';
import { listenAdmin } from '../../support/admin-api';

/** The desktop File menu's import, through a real admin API: a session file saved with a UTF-8 BOM is read like one without. */
const ADMIN_TOKEN = 'admin-token-for-tests';
const BOM = '\uFEFF';
let scim: ScimTestServer;
let admin: FastifyInstance;
let calls: AdminCalls;
let sessionFile = '';
let adminUrl = '';

beforeAll(async () => {
  scim = await startScimServer();
  await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'bom@example.com' });
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN });
  adminUrl = await listenAdmin(admin);
  calls = new AdminCalls({ adminUrl, adminToken: ADMIN_TOKEN });
  const current = await calls.currentSession();
  // Saved as File → Export saves it, then read back.
  const saved = join(mkdtempSync(join(tmpdir(), 'scim-workbench-admin-calls-')), 'session.scim-session.json');
  await (await calls.exportSession(current!.id, 'json')).saveTo(saved);
  sessionFile = readFileSync(saved, 'utf8');
});
afterAll(async () => {
  await admin.close();
  await scim.close();
});

describe('importing a session file from the desktop app', () => {
  it('imports a file that starts with a byte order mark', async () => {
    const imported = await calls.importSession(BOM + sessionFile);
    expect(imported).toMatchObject({ exchangeCount: 1, imported: true });
  });

  it("the admin API's import route itself reads a body that starts with a BOM (fastify's JSON parser drops it)", async () => {
    const response = await fetch(`${adminUrl}/sessions/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: BOM + sessionFile,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ exchangeCount: 1, imported: true });
  });

  it('still refuses a file that is not JSON, BOM or not', async () => {
    await expect(calls.importSession(`${BOM}not json`)).rejects.toThrow('The file is not JSON');
  });
});
