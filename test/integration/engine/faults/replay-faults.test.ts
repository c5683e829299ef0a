import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import type { ReplayJobState, SingleReplayResponse } from '../../../../src/shared/replay';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { adminApi, untilSettled, listenAdmin } from '../../../support/admin-api';

/** Replay keeps a workspace's faults out unless asked: the replayed requests carry the replay marker. */
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
const ADMIN_TOKEN = 'replay-faults-admin-token';
const api = adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN }));
let lookupId: number;

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN, scimBaseUrl: scim.baseUrl });
  adminUrl = await listenAdmin(admin);
  await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'ada@example.com' });
  await scim.request('GET', '/Users?count=5');
  // A read is recorded within milliseconds; flushing writes it now.
  scim.app.workbench.recorder.flush();
  lookupId = scim.app.workbench.recordings.exchangesAfter(0, 100).find((exchange) => exchange.request.url.endsWith('/Users?count=5'))!.id;
  const rule = await api('POST', '/workspaces/default/faults', { name: 'all GETs fail', match: { methods: ['GET'] }, action: { kind: 'status', status: 500 } });
  expect(rule.status).toBe(201);
});
afterAll(async () => {
  await admin?.close();
  await scim?.close();
});

describe('replay and fault rules', () => {
  it('the rule applies to live traffic', async () => {
    expect((await scim.request('GET', '/Users?count=5')).status).toBe(500);
  });

  it('a replayed exchange is not faulted by default, and is when applyFaults is asked', async () => {
    const plain = await api<SingleReplayResponse>('POST', `/exchanges/${lookupId}/replay`, {});
    expect(plain.status).toBe(200);
    expect(plain.body.replayed.status).toBe(200);
    const faulted = await api<SingleReplayResponse>('POST', `/exchanges/${lookupId}/replay`, { applyFaults: true });
    expect(faulted.body.replayed.status).toBe(500);
  });

  it('a session replay into a workspace here is not faulted by default, and is with applyFaults', async () => {
    const run = async (applyFaults: boolean) => {
      const started = await api<ReplayJobState>('POST', '/replays', {
        exchangeIds: [lookupId],
        target: { kind: 'workspace', workspace: 'default' },
        applyFaults,
      });
      expect(started.status, started.text).toBe(200);
      return untilSettled(async () => (await api<ReplayJobState>('GET', `/replays/${started.body.id}`)).body, 'replay');
    };
    expect((await run(false)).report?.steps[0]?.status).toBe(200);
    expect((await run(true)).report?.steps[0]?.status).toBe(500);
  });
});
