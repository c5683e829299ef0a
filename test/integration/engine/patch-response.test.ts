import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type RequestHeaders, type ScimTestServer } from '../../support/scim-server';

/** What a successful PATCH answers (RFC 7644 §3.5.2: 200 with the resource, or 204; 200 when `attributes` is asked). */
let server: ScimTestServer;
let entra: { base: string; headers: RequestHeaders };
const rename = (value: string) => ({ schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'displayName', value }] });

beforeAll(async () => {
  server = await startScimServer();
  const { token } = server.app.workbench.workspaces.create('entra-patch');
  server.app.workbench.workspaces.configure('entra-patch', { compatibility: 'entra' });
  entra = { base: `${server.origin}/w/entra-patch/scim/v2`, headers: { authorization: `Bearer ${token}` } };
});
afterAll(async () => {
  await server.close();
});

describe('PATCH of a group', () => {
  it('answers 204 without a body or content type, with the new ETag and location', async () => {
    const group = (await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Before' })).body;
    const patched = await server.request('PATCH', `/Groups/${group.id}`, rename('After'));
    expect(patched.status).toBe(204);
    expect(patched.body).toBeUndefined();
    expect(patched.headers['content-type']).toBeUndefined();
    const stored = (await server.request('GET', `/Groups/${group.id}`)).body;
    expect(stored.displayName).toBe('After');
    expect(patched.headers.etag).toBe(stored.meta.version);
    expect(patched.headers.etag).not.toBe(group.meta.version);
    expect(patched.headers.location).toBe(stored.meta.location);
  });

  it('answers 200 with the projected group when attributes or excludedAttributes are asked', async () => {
    const group = (await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Projected' })).body;
    const patched = await server.request('PATCH', `/Groups/${group.id}?attributes=displayName`, rename('Projected 2'));
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: group.id, displayName: 'Projected 2' });
    expect(patched.body).not.toHaveProperty('members');
    const excluded = await server.request('PATCH', `/Groups/${group.id}?excludedAttributes=members`, rename('Projected 3'));
    expect(excluded.status).toBe(200);
    expect(excluded.body.displayName).toBe('Projected 3');
  });

  it('still answers errors with a SCIM error body', async () => {
    const missing = await server.request('PATCH', '/Groups/no-such-group', rename('x'));
    expect(missing.status).toBe(404);
    expect(missing.body.schemas).toEqual([URN.error]);
  });
});

describe('PATCH of a user', () => {
  it('answers 200 with the user by default (Okta reads it)', async () => {
    const user = (await server.request('POST', '/Users', { schemas: [URN.user], userName: 'patch.default@example.com' })).body;
    const patched = await server.request('PATCH', `/Users/${user.id}`, rename('Jane'));
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: user.id, displayName: 'Jane' });
  });

  it('answers 204 in an Entra mode, and 200 there too when attributes are asked', async () => {
    const user = (await server.request('POST', `${entra.base}/Users`, { schemas: [URN.user], userName: 'patch.entra@example.com' }, entra.headers)).body;
    const patched = await server.request('PATCH', `${entra.base}/Users/${user.id}`, rename('Entra Jane'), entra.headers);
    expect(patched.status).toBe(204);
    expect(patched.body).toBeUndefined();
    const projected = await server.request('PATCH', `${entra.base}/Users/${user.id}?attributes=displayName`, rename('Entra Jane 2'), entra.headers);
    expect(projected.status).toBe(200);
    expect(projected.body.displayName).toBe('Entra Jane 2');
  });
});
