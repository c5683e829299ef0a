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

it('is not stored or served when sent inside an object of attributes no schema defines, nor is any secret-named value there', async () => {
  // A lenient workspace keeps such objects as sent (the core URN as a key of its own, an extension it does not declare).
  const secretsOf = (n: number) => ({
    [URN.user]: { password: `Nested-${n}` },
    'urn:acme:params:scim:schemas:extension:acme:2.0:User': { costCenter: 'CC-7', apiKey: `Nested-${n}`, badges: [{ label: 'lobby', pin: `Nested-${n}` }] },
  });
  const created = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'nested-pw@example.com', ...secretsOf(1) });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const put = await server.request('PUT', `/Users/${id}`, { schemas: [URN.user], userName: 'nested-pw@example.com', ...secretsOf(2) });
  // PATCH reads the core URN's members as core attributes (and refuses an undeclared extension's).
  const patched = await server.request('PATCH', `/Users/${id}`, {
    schemas: [URN.patchOp],
    Operations: [{ op: 'add', value: { [URN.user]: { password: 'Nested-3' } } }],
  });
  const read = await server.request('GET', `/Users/${id}`);
  expect([put.status, patched.status, read.status]).toEqual([200, 200, 200]);
  for (const response of [created, put, patched, read]) expect(JSON.stringify(response.body)).not.toContain('Nested-');
  // What is not a secret is kept as sent.
  expect(read.body['urn:acme:params:scim:schemas:extension:acme:2.0:User']).toEqual({ costCenter: 'CC-7', badges: [{ label: 'lobby' }] });
  const stored = server.app.workbench.recordings.connection.prepare('SELECT document FROM resources WHERE id = ?').pluck().get(id) as string;
  expect(stored).toContain('CC-7');
  expect(stored).not.toContain('Nested-');
});

it('is not stored or served when sent as an unknown member of a group member', async () => {
  const user = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'member-pw@example.com' });
  const group = await server.request('POST', '/Groups', {
    schemas: [URN.group],
    displayName: 'Nested secrets',
    members: [{ value: user.body.id, note: 'kept', password: 'Member-1', accessToken: 'Member-2' }],
  });
  expect(group.status).toBe(201);
  const read = await server.request('GET', `/Groups/${group.body.id as string}`);
  for (const response of [group, read]) expect(JSON.stringify(response.body)).not.toContain('Member-');
  const stored = server.app.workbench.recordings.connection.prepare('SELECT * FROM group_members WHERE group_id = ?').all(group.body.id);
  expect(JSON.stringify(stored)).toContain('kept');
  expect(JSON.stringify(stored)).not.toContain('Member-');
});
