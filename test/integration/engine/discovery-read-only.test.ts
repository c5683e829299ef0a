import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

describe('discovery endpoints are read-only', () => {
  it.each([
    ['POST', '/ServiceProviderConfig'],
    ['PUT', '/Schemas'],
    ['DELETE', '/ResourceTypes/User'],
    ['PATCH', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User'],
  ])('%s %s is 405 with Allow: GET and a SCIM error, even with a body that is not JSON', async (method, path) => {
    const response = await server.request(method, path, 'test', { 'content-type': 'application/json' });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET');
    expect(response.body).toMatchObject({ status: '405' });
    expect(response.body.detail).toContain('read-only');
  });

  it('still answers GET', async () => {
    expect((await server.request('GET', '/ServiceProviderConfig')).status).toBe(200);
  });
});
