import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import type { HeldExchange } from '../../../../src/shared/faults';
import type { ExchangeSearchResponse } from '../../../../src/shared/admin-api';
import type { SessionSummary } from '../../../../src/shared/recording';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { adminApi, listenAdmin } from '../../../support/admin-api';

/**
 * `has:fault` and `fault:<action>` over real traffic, through the admin API's search, including a write
 * whose answer a fault changed after it was recorded (its verdict and index row follow the answer sent).
 */
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
const ADMIN_TOKEN = 'fault-search-admin-token';
const api = adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN }));
let session: SessionSummary;

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN, scimBaseUrl: scim.baseUrl });
  adminUrl = await listenAdmin(admin);
  session = scim.app.workbench.recordings.startSession('Fault search');
});
beforeEach(() => {
  scim.app.workbench.faults.importFile('default', { scimWorkbenchFaults: 1, rules: [] });
});
afterAll(async () => {
  await admin?.close();
  await scim?.close();
});

const tagged = (tag: string) => ({ 'x-test': tag });

/** The `x-test` tags of the session's exchanges a search finds, oldest first. */
async function found(q: string): Promise<string[]> {
  const answer = await api<ExchangeSearchResponse>('GET', `/exchanges?session=${session.id}&q=${encodeURIComponent(q)}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body.items
    .map((item) => scim.app.workbench.recordings.exchange(item.id)!.request.headers.find(([name]) => name === 'x-test')?.[1] ?? '')
    .reverse();
}

describe('searching for faulted traffic', () => {
  it('has:fault finds every exchange a rule acted on; fault:<action> those of that action', async () => {
    const { faults } = scim.app.workbench;
    faults.create('default', { name: 'throttle', match: { methods: ['POST'] }, action: { kind: 'status', status: 429, retryAfterSeconds: 1 } });
    faults.create('default', { name: 'slow', match: { methods: ['GET'], path: '/Groups' }, action: { kind: 'latency', ms: 1 } });
    faults.create('default', { name: 'fib', match: { methods: ['GET'], path: '/Users' }, action: { kind: 'lie', lie: 'itemsPerPage', value: 9 } });
    expect((await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'a@example.com' }, tagged('status'))).status).toBe(429);
    expect((await scim.request('GET', '/Groups', undefined, tagged('latency'))).status).toBe(200);
    expect((await scim.request('GET', '/Users', undefined, tagged('lie'))).status).toBe(200);
    expect((await scim.request('GET', '/ServiceProviderConfig', undefined, tagged('plain'))).status).toBe(200);
    await expect.poll(() => found('has:fault')).toEqual(['status', 'latency', 'lie']);
    expect(await found('fault:status')).toEqual(['status']);
    expect(await found('fault:latency')).toEqual(['latency']);
    expect(await found('fault:lie method:GET')).toEqual(['lie']);
    expect(await found('fault:drop')).toEqual([]);
    // The search box's count agrees.
    expect((await api<ExchangeSearchResponse>('GET', `/exchanges?session=${session.id}&q=has%3Afault`)).body.total).toBe(3);
  });

  it('a write held at its answer, indexed meanwhile, and then failed is found by what the client got', async () => {
    const { faults, searchIndexer } = scim.app.workbench;
    faults.create('default', { name: 'hold answers', match: { methods: ['POST'] }, action: { kind: 'breakpoint', stage: 'response' } });
    const pending = scim.request('POST', '/Users', { schemas: [URN.user], userName: 'held@example.com' }, tagged('held'));
    let held: HeldExchange[] = [];
    await expect.poll(async () => (held = (await api<HeldExchange[]>('GET', '/held')).body).length).toBe(1);
    // The create committed (and was recorded) before its answer was held: the index has it as a 201.
    await searchIndexer.catchUp();
    expect(await found('status:201')).toContain('held');
    expect((await api('POST', `/held/${held[0]!.id}/fail`, { status: 503 })).status).toBe(200);
    expect((await pending).status).toBe(503);
    expect(await found('fault:breakpoint status:503')).toEqual(['held']);
    expect(await found('status:201')).not.toContain('held');
  });

  it('a create whose answer a lie emptied is judged, and found, by the answer sent', async () => {
    scim.app.workbench.faults.create('default', { name: 'mute', match: { methods: ['POST'] }, action: { kind: 'lie', lie: 'emptyCreatedBody' } });
    const created = await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'mute@example.com' }, tagged('mute'));
    expect(created.status).toBe(201);
    expect(created.body).toBeUndefined();
    expect(await found('fault:lie verdict:rfc.resource-id')).toEqual(['mute']);
    const id = (await api<ExchangeSearchResponse>('GET', `/exchanges?session=${session.id}&q=fault%3Alie`)).body.items[0]!.id;
    const detail = await api<{ verdicts: { id: string }[] }>('GET', `/exchanges/${id}`);
    expect(detail.body.verdicts.map((finding) => finding.id)).toContain('rfc.resource-id');
  });
});
