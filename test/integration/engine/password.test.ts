import { afterAll, beforeAll, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/** `password` is writeOnly, returned "never" (RFC 7643 §4.1.1): every write takes it, no read shows it. */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

it('is accepted by POST, PUT and PATCH and never appears in a response, a projection or a filter', async () => {
  const created = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'pw@example.com', password: 'Secret-1' });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const put = await server.request('PUT', `/Users/${id}`, { schemas: [URN.user], userName: 'pw@example.com', password: 'Secret-2' });
  const patched = await server.request('PATCH', `/Users/${id}`, {
    schemas: [URN.patchOp],
    Operations: [{ op: 'replace', path: 'password', value: 'Secret-3' }],
  });
  const asked = await server.request('GET', `/Users/${id}?attributes=password,userName`);
  const listed = await server.request('GET', '/Users?attributes=password');
  expect([put.status, patched.status, asked.status, listed.status]).toEqual([200, 200, 200, 200]);
  for (const response of [created, put, patched, asked, listed]) expect(JSON.stringify(response.body)).not.toContain('Secret-');
  expect(asked.body.userName).toBe('pw@example.com');
  const filtered = await server.request('GET', `/Users?filter=${encodeURIComponent('password pr')}`);
  expect(filtered.body.totalResults).toBe(0);
});
