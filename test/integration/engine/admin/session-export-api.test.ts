import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { toHar } from '../../../../src/engine/recorder/har';
import { toSessionFile } from '../../../../src/engine/recorder/session-file';
import { URN } from '../../../../src/engine/scim/urns';
import { WORKBENCH_VERSION } from '../../../../src/engine/version';
import { seedExchanges } from '../../../../bench/seed-exchanges';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { listenAdmin } from '../../../support/admin-api';

/** GET /api/sessions/:id/export streams a long session; the SCIM listener beside it keeps answering. */
const ADMIN_TOKEN = 'admin-token-for-export-tests';
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
let sessionId: number;

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN });
  adminUrl = await listenAdmin(admin);
  const recordings = scim.app.workbench.recordings;
  sessionId = recordings.startSession('Long run').id;
  await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'long.run@example.com' });
  seedExchanges(recordings, 4000, () => sessionId);
});
afterAll(async () => {
  await admin.close();
  await scim.close();
});

const download = (format: string) =>
  fetch(`${adminUrl}/sessions/${sessionId}/export?format=${format}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

describe('GET /api/sessions/:id/export', () => {
  it('streams the session file and the HAR: the same documents the whole-session export built', async () => {
    const recordings = scim.app.workbench.recordings;
    const session = recordings.session(sessionId)!;
    const exchanges = recordings.sessionExchanges(sessionId);
    expect(exchanges).toHaveLength(4001);

    const json = await download('json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="Long-run.scim-session.json"');
    const file = (await json.json()) as { exportedAt: string };
    expect(file).toEqual({ ...toSessionFile(session, exchanges), exportedAt: file.exportedAt });
    expect(Date.parse(file.exportedAt)).not.toBeNaN();

    const har = await download('har');
    expect(har.headers.get('content-disposition')).toBe('attachment; filename="Long-run.har"');
    expect(await har.json()).toEqual(JSON.parse(JSON.stringify(toHar(exchanges, { creatorVersion: WORKBENCH_VERSION, sessionName: session.name }))));
  });

  it('answers SCIM requests while a download is held open, and survives the client leaving half-way', async () => {
    const response = await download('har');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // The reader stopped reading: the export waits for it without holding the server.
    const lookup = await scim.request('GET', '/Users?filter=userName%20eq%20%22long.run%40example.com%22');
    expect(lookup.body.totalResults).toBe(1);
    await reader.cancel();
    const again = await download('json');
    expect(((await again.json()) as { exchanges: unknown[] }).exchanges.length).toBeGreaterThanOrEqual(4001);
  });

  it('answers 404 for an unknown session and 400 for an unknown format, before any file', async () => {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const missing = await fetch(`${adminUrl}/sessions/999999/export`, { headers });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-disposition')).toBeNull();
    expect((await fetch(`${adminUrl}/sessions/${sessionId}/export?format=xml`, { headers })).status).toBe(400);
  });
});
