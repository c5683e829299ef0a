import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExchangeListResponse, ExchangeResponse } from '../../../../src/shared/admin-api';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { adminApi, statusAndBody, listenAdmin } from '../../../support/admin-api';

/**
 * A recorded exchange whose stored JSON no longer parses (a file damaged, or edited by hand) must
 * not take the inspector's traffic list, or the exchange's own view, down with it.
 */
const ADMIN_TOKEN = 'admin-token-for-tests';
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
const api = statusAndBody(adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN })));
let brokenId: number;

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN, feedIntervalMs: 20, scimBaseUrl: scim.baseUrl });
  adminUrl = await listenAdmin(admin);
  for (const name of ['first', 'second', 'third']) {
    expect((await scim.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `${name}@example.com` })).status).toBe(
      201,
    );
  }
  const list = (await api('GET', '/exchanges')).body as ExchangeListResponse;
  const second = list.items.find((item) => item.url === '/scim/v2/Users' && item.operation.includes('second'));
  brokenId = second!.id;
  // Another connection, as a hand edit or a damaged page would: the stored parts no longer parse.
  const other = new Database(scim.dbPath);
  other.prepare(`UPDATE exchanges SET request = '{"method":"POST","url":', response = 'not json', notes = '[' WHERE id = ?`).run(brokenId);
  other.close();
});
afterAll(async () => {
  await admin.close();
  await scim.close();
});

it('lists the other exchanges, and the unreadable one by its method, URL and status', async () => {
  const { status, body } = await api('GET', '/exchanges');
  expect(status).toBe(200);
  const list = body as ExchangeListResponse;
  expect(list.items.filter((item) => item.method === 'POST')).toHaveLength(3);
  const broken = list.items.find((item) => item.id === brokenId);
  expect(broken).toMatchObject({ method: 'POST', url: '/scim/v2/Users', status: 201, notes: ['unreadable:unreadable'] });
  expect(list.items.filter((item) => item.id !== brokenId).every((item) => item.notes.every((note) => !note.startsWith('unreadable')))).toBe(true);
});

it('shows the unreadable exchange with a note saying why, instead of failing', async () => {
  const { status, body } = await api('GET', `/exchanges/${brokenId}`);
  expect(status).toBe(200);
  const exchange = body as ExchangeResponse;
  // The raw bodies have columns of their own, which were not damaged.
  expect(exchange.request).toMatchObject({ method: 'POST', url: '/scim/v2/Users', headers: [] });
  expect(JSON.parse(exchange.request.body!)).toMatchObject({ userName: 'second@example.com' });
  expect(exchange.response).toMatchObject({ status: 201, headers: [] });
  expect(JSON.parse(exchange.response.body!)).toMatchObject({ userName: 'second@example.com' });
  expect(exchange.notes).toEqual([
    expect.objectContaining({
      kind: 'unreadable',
      detail: expect.stringMatching(/could not be read.*its request \(not valid JSON\).*its response \(not valid JSON\).*its notes/),
    }),
  ]);
  // Its resource version was not damaged: the diff is still there.
  expect(exchange.changes).toEqual([
    expect.objectContaining({ resourceType: 'User', before: null, after: expect.objectContaining({ userName: 'second@example.com' }) }),
  ]);
});

it('reads notes that parse but are not notes as unreadable, and never quotes the damaged text', async () => {
  const other = new Database(scim.dbPath);
  const secret = 's3cr3t-value-in-a-header';
  // A note that is null, and a request whose header holds a secret and breaks off: JSON.parse's message would quote it.
  other
    .prepare(`UPDATE exchanges SET notes = '[null]', request = ? WHERE id = ?`)
    .run(`{"method":"POST","url":"/scim/v2/Users","headers":[["x-api-key", ${secret}]]}`, brokenId);
  other.close();
  const list = await api('GET', '/exchanges');
  expect(list.status).toBe(200);
  expect((list.body as ExchangeListResponse).items.find((item) => item.id === brokenId)?.notes).toEqual(['unreadable:unreadable']);
  const { status, body } = await api('GET', `/exchanges/${brokenId}`);
  expect(status).toBe(200);
  const exchange = body as ExchangeResponse;
  expect(exchange.notes).toEqual([
    expect.objectContaining({ kind: 'unreadable', detail: expect.stringMatching(/its request \(not valid JSON\).*its notes \(not a list of notes\)/) }),
  ]);
  expect(JSON.stringify(exchange)).not.toContain('s3cr3t');
});

it('refuses to replay the unreadable exchange, which lost its headers, and says which it is', async () => {
  const { status, body } = await api('POST', `/exchanges/${brokenId}/replay`, {});
  expect(status).toBe(409);
  expect(JSON.stringify(body)).toContain(`Exchange #${brokenId} lost its request's headers`);
});
