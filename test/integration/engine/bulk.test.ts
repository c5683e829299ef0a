import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_REQUEST } from '../../../src/engine/resources/bulk-service';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/** /Bulk (RFC 7644 §3.7): bulkId references in any order, cycles, failOnErrors, limits, bad input. */

let server: ScimTestServer;
const bulk = (Operations: unknown[], extra: Record<string, unknown> = {}) => server.request('POST', '/Bulk', { schemas: [BULK_REQUEST], Operations, ...extra });

beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

describe('/Bulk', () => {
  it('advertises bulk in ServiceProviderConfig', async () => {
    const config = await server.request('GET', '/ServiceProviderConfig');
    expect(config.body.bulk).toMatchObject({ supported: true, maxOperations: 1000 });
    expect(config.body.bulk.maxPayloadSize).toBeGreaterThan(0);
  });

  it('a group POST referencing bulkId:u1 runs after the user POST, even when listed first', async () => {
    const response = await bulk([
      { method: 'POST', path: '/Groups', bulkId: 'g1', data: { schemas: [URN.group], displayName: 'bulk-g', members: [{ value: 'bulkId:u1' }] } },
      { method: 'POST', path: '/Users', bulkId: 'u1', data: { schemas: [URN.user], userName: 'bulk-u1@example.com' } },
    ]);
    expect(response.status).toBe(200);
    const [group, user] = response.body.Operations;
    expect(user).toMatchObject({ method: 'POST', bulkId: 'u1', status: '201' });
    expect(group).toMatchObject({ method: 'POST', bulkId: 'g1', status: '201' });
    const fetched = await server.request('GET', new URL(group.location).pathname.replace('/scim/v2', ''));
    const userId = user.location.split('/').pop();
    expect(fetched.body.members.map((m: any) => m.value)).toEqual([userId]);
  });

  it('PATCH and DELETE by path, with version as If-Match', async () => {
    const created = await bulk([{ method: 'POST', path: '/Users', bulkId: 'x', data: { schemas: [URN.user], userName: 'bulk-x@example.com' } }]);
    const id = created.body.Operations[0].location.split('/').pop();
    const response = await bulk([
      { method: 'PATCH', path: `/Users/${id}`, data: { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] } },
      { method: 'DELETE', path: `/Users/${id}`, version: 'W/"stale"' },
      { method: 'DELETE', path: `/Users/${id}` },
    ]);
    expect(response.body.Operations.map((op: any) => op.status)).toEqual(['200', '412', '204']);
    expect(response.body.Operations[1].response.schemas).toEqual([URN.error]);
  });

  it('circular bulkIds fail the operations involved, others still run', async () => {
    const response = await bulk([
      { method: 'POST', path: '/Groups', bulkId: 'a', data: { schemas: [URN.group], displayName: 'cyc-a', members: [{ value: 'bulkId:b' }] } },
      { method: 'POST', path: '/Groups', bulkId: 'b', data: { schemas: [URN.group], displayName: 'cyc-b', members: [{ value: 'bulkId:a' }] } },
      { method: 'POST', path: '/Users', bulkId: 'ok', data: { schemas: [URN.user], userName: 'bulk-ok@example.com' } },
    ]);
    const byId = Object.fromEntries(response.body.Operations.map((op: any) => [op.bulkId, op.status]));
    expect(byId).toEqual({ a: '409', b: '409', ok: '201' });
  });

  it('failOnErrors stops after that many errors', async () => {
    const response = await bulk(
      [
        { method: 'DELETE', path: '/Users/missing1' },
        { method: 'DELETE', path: '/Users/missing2' },
        { method: 'POST', path: '/Users', bulkId: 'late', data: { schemas: [URN.user], userName: 'bulk-late@example.com' } },
      ],
      { failOnErrors: 1 },
    );
    expect(response.body.Operations).toHaveLength(1);
    expect(response.body.Operations[0].status).toBe('404');
  });

  it('bad operations get per-operation errors: unknown method, path outside /Users /Groups, unknown bulkId', async () => {
    const response = await bulk([
      { method: 'GET', path: '/Users/x' },
      { method: 'POST', path: '/Schemas', bulkId: 's', data: {} },
      { method: 'POST', path: '/Users/../Groups', bulkId: 't', data: {} },
      { method: 'PATCH', path: '/Users/bulkId:nowhere', data: {} },
    ]);
    expect(response.body.Operations.map((op: any) => op.status)).toEqual(['400', '400', '400', '409']);
  });

  it('malformed bodies are 400', async () => {
    for (const body of [
      { Operations: [] },
      { schemas: [BULK_REQUEST] },
      { schemas: [BULK_REQUEST], Operations: [{ path: '/Users' }] },
      { schemas: [BULK_REQUEST], Operations: [], failOnErrors: 0 },
    ]) {
      const response = await server.request('POST', '/Bulk', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await server.request('POST', '/Bulk', '{not json')).status).toBe(400);
  });

  it('a bulkId used twice is refused whole, before any operation runs (RFC 7644 §3.7: unique within the request)', async () => {
    const response = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'twice', data: { schemas: [URN.user], userName: 'bulk-twice-1@example.com' } },
      { method: 'POST', path: '/Users', bulkId: 'twice', data: { schemas: [URN.user], userName: 'bulk-twice-2@example.com' } },
      { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [URN.group], displayName: 'Bulk twice', members: [{ value: 'bulkId:twice' }] } },
    ]);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('"twice"') });
    const found = await server.request('GET', `/Users?filter=${encodeURIComponent('userName sw "bulk-twice"')}`);
    expect(found.body.totalResults).toBe(0);
  });

  it('more than maxOperations is 413', async () => {
    const ops = Array.from({ length: 1001 }, () => ({ method: 'DELETE', path: '/Users/x' }));
    expect((await bulk(ops)).status).toBe(413);
  });
});
