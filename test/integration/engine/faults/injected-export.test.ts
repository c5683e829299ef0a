import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { toSessionFile } from '../../../../src/engine/recorder/session-file';
import { toHar } from '../../../../src/engine/recorder/har';
import type { InjectedFault } from '../../../../src/shared/faults';
import type { RecordedExchange, SessionSummary } from '../../../../src/shared/recording';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { adminApi, listenAdmin } from '../../../support/admin-api';

/**
 * Session files and HARs carry what a fault rule injected into each exchange, and an import brings it
 * back: the imported list marks the exchange and its detail says what was injected. Files without it
 * (older exports, HARs from elsewhere) still import.
 */
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
const ADMIN_TOKEN = 'injected-export-admin-token';
const api = adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN }));
let session: SessionSummary;
let recorded: RecordedExchange[];

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN, scimBaseUrl: scim.baseUrl });
  adminUrl = await listenAdmin(admin);
  const { workbench } = scim.app;
  session = workbench.recordings.startSession('Faulted');
  workbench.faults.create('default', { name: 'conflict', match: { methods: ['POST'] }, action: { kind: 'status', status: 409, scimType: 'uniqueness' } });
  workbench.faults.create('default', {
    name: 'big total',
    match: { methods: ['GET'], path: '/Users' },
    action: { kind: 'lie', lie: 'totalResults', value: 42 },
  });
  expect((await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'jane@example.com' })).status).toBe(409);
  expect((await scim.request('GET', '/Users?count=1')).body.totalResults).toBe(42);
  // Not faulted: no rule matches it.
  expect((await scim.request('GET', '/ServiceProviderConfig')).status).toBe(200);
  // Reads are recorded once their answer has gone: waited for.
  await vi.waitFor(() => expect(workbench.recordings.sessionExchanges(session.id)).toHaveLength(3));
  recorded = workbench.recordings.sessionExchanges(session.id);
  session = workbench.recordings.session(session.id)!;
});
afterAll(async () => {
  await admin?.close();
  await scim?.close();
});

const injectedOf = (exchanges: readonly { injected?: InjectedFault }[]) => exchanges.map((exchange) => exchange.injected);

describe('what was injected, in an export and back', () => {
  it('the recording has it to begin with', () => {
    expect(injectedOf(recorded)).toEqual([
      expect.objectContaining({ action: 'status', ruleName: 'conflict', summary: expect.stringContaining('409') }),
      expect.objectContaining({ action: 'lie', ruleName: 'big total', summary: expect.stringContaining('42') }),
      undefined,
    ]);
  });

  it('a session file carries each exchange’s `injected`, streamed as the whole document has it', async () => {
    const exported = await api('GET', `/sessions/${session.id}/export?format=json`);
    expect(exported.status).toBe(200);
    expect(injectedOf(exported.body.exchanges)).toEqual(injectedOf(recorded));
    expect(exported.body).toEqual({ ...toSessionFile(session, recorded, new Date(exported.body.exportedAt)) });
  });

  it('a HAR carries it among its entries’ _scimWorkbench fields', async () => {
    const exported = await api('GET', `/sessions/${session.id}/export?format=har`);
    expect(exported.status).toBe(200);
    const entries = exported.body.log.entries as { _scimWorkbench: { injected?: InjectedFault } }[];
    expect(entries.map((entry) => entry._scimWorkbench.injected)).toEqual(injectedOf(recorded));
    expect(exported.body.log.entries).toEqual(toHar(recorded, { creatorVersion: 'x', sessionName: session.name }).log.entries);
  });

  for (const format of ['json', 'har']) {
    it(`importing the ${format === 'json' ? 'session file' : 'HAR'} brings it back: the list marks the exchange, the detail says what was injected`, async () => {
      const exported = await api('GET', `/sessions/${session.id}/export?format=${format}`);
      const imported = await api<SessionSummary>('POST', '/sessions/import', exported.text);
      expect(imported.status, imported.text).toBe(201);
      const list = await api<{ items: { id: number; injected?: InjectedFault }[] }>('GET', `/exchanges?session=${imported.body.id}`);
      // Newest first.
      expect(injectedOf(list.body.items).reverse()).toEqual(injectedOf(recorded));
      const detail = await api<RecordedExchange>('GET', `/exchanges/${list.body.items.at(-1)!.id}`);
      expect(detail.body.injected).toEqual(recorded[0]!.injected);
      // The create the fault answered kept its body, through the export too.
      expect(JSON.parse(detail.body.request.body!)).toMatchObject({ userName: 'jane@example.com' });
    });
  }

  it('files without it import as before, and one whose `injected` is not what this workbench writes is imported without it', async () => {
    const file = (await api('GET', `/sessions/${session.id}/export?format=json`)).body;
    const har = (await api('GET', `/sessions/${session.id}/export?format=har`)).body;
    const older = { ...file, exchanges: file.exchanges.map(({ injected: _injected, ...exchange }: { injected?: unknown }) => exchange) };
    const olderHar = {
      log: { ...har.log, entries: har.log.entries.map((entry: any) => ({ ...entry, _scimWorkbench: { ...entry._scimWorkbench, injected: undefined } })) },
    };
    const odd = {
      ...file,
      exchanges: file.exchanges.map((exchange: object, index: number) => ({ ...exchange, injected: [{ action: 'explode' }, 'yes', null][index] })),
    };
    for (const document of [older, olderHar, odd]) {
      const imported = await api<SessionSummary>('POST', '/sessions/import', document);
      expect(imported.status, imported.text).toBe(201);
      const items = (await api<{ items: { injected?: InjectedFault }[] }>('GET', `/exchanges?session=${imported.body.id}`)).body.items;
      expect(items).toHaveLength(3);
      expect(injectedOf(items)).toEqual([undefined, undefined, undefined]);
    }
  });
});
