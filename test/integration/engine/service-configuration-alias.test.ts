import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

describe('GET /serviceConfiguration (Entra alias)', () => {
  it('serves the ServiceProviderConfig document without a token', async () => {
    const alias = await server.request('GET', '/serviceConfiguration', undefined, { authorization: null });
    const canonical = await server.request('GET', '/ServiceProviderConfig', undefined, { authorization: null });
    expect(alias.status).toBe(200);
    expect(alias.body).toEqual(canonical.body);
  });
});
