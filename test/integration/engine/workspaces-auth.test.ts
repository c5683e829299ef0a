import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

let server: ScimTestServer;
let acme: { baseUrl: string; token: string };

beforeAll(async () => {
  server = await startScimServer();
  const workspace = server.app.workbench.workspaces.create('acme', 'Acme Corp');
  acme = { baseUrl: `${server.origin}/w/acme/scim/v2`, token: workspace.token };
});
afterAll(async () => {
  await server.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asAcme = (method: string, path: string, body?: unknown) => server.request(method, `${acme.baseUrl}${path}`, body, bearer(acme.token));
const newUser = (userName: string) => ({ schemas: [URN.user], userName });
const byUserName = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

/** fetch does not let a caller choose the Host header, and this test is about exactly that. */
function getWithHost(url: string, host: string, token: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { headers: { host, authorization: `Bearer ${token}` } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('workspace isolation', () => {
  it('does not list a user of the default workspace in another workspace', async () => {
    await server.request('POST', '/Users', newUser('only.default@example.com'));
    const response = await asAcme('GET', byUserName('only.default@example.com'));
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(0);
  });

  it("answers 404 for another workspace's user id", async () => {
    const created = await server.request('POST', '/Users', newUser('by.id@example.com'));
    expect((await asAcme('GET', `/Users/${created.body.id}`)).status).toBe(404);
  });

  it("cannot add another workspace's user to a group", async () => {
    const created = await server.request('POST', '/Users', newUser('foreign.member@example.com'));
    const response = await asAcme('POST', '/Groups', { schemas: [URN.group], displayName: 'Acme', members: [{ value: created.body.id }] });
    // Outside strict mode an unknown member is dropped and noted rather than refused.
    expect(response.status).toBe(201);
    expect(response.body.members ?? []).toEqual([]);
    expect(response.headers['x-workbench-notes']).toContain('violation:unknownMember');
  });

  it('lets the same userName exist in both workspaces', async () => {
    const inDefault = await server.request('POST', '/Users', newUser('shared@example.com'));
    const inAcme = await asAcme('POST', '/Users', newUser('shared@example.com'));
    expect(inDefault.status).toBe(201);
    expect(inAcme.status).toBe(201);
    expect(inAcme.body.id).not.toBe(inDefault.body.id);
  });

  it("refuses one workspace's token on another workspace", async () => {
    const acmeTokenOnDefault = await server.request('GET', '/Users', undefined, bearer(acme.token));
    const defaultTokenOnAcme = await server.request('GET', `${acme.baseUrl}/Users`, undefined, bearer(server.token));
    expect(acmeTokenOnDefault.status).toBe(401);
    expect(defaultTokenOnAcme.status).toBe(401);
  });
});

describe('token regeneration', () => {
  it('refuses the old token on the very next request', async () => {
    const { token: oldToken } = server.app.workbench.workspaces.create('rotating');
    const url = `${server.origin}/w/rotating/scim/v2/Users`;
    expect((await server.request('GET', url, undefined, bearer(oldToken))).status).toBe(200);
    server.app.workbench.workspaces.setToken('rotating');
    const response = await server.request('GET', url, undefined, bearer(oldToken));
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('accepts the new token at once', async () => {
    server.app.workbench.workspaces.create('renewed');
    const { token: newToken } = server.app.workbench.workspaces.setToken('renewed');
    const response = await server.request('GET', `${server.origin}/w/renewed/scim/v2/Users`, undefined, bearer(newToken));
    expect(response.status).toBe(200);
  });

  it('applies to the default workspace served at /scim/v2', async () => {
    const isolated = await startScimServer();
    try {
      const { token: newToken } = isolated.app.workbench.workspaces.setToken('default');
      expect((await isolated.request('GET', '/Users')).status).toBe(401);
      expect((await isolated.request('GET', '/Users', undefined, bearer(newToken))).status).toBe(200);
    } finally {
      await isolated.close();
    }
  });
});

describe('discovery endpoints', () => {
  const anonymous = { authorization: null };

  it('serves ServiceProviderConfig without a token', async () => {
    const response = await server.request('GET', '/ServiceProviderConfig', undefined, anonymous);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [URN.serviceProviderConfig], patch: { supported: true } });
    expect(response.body.authenticationSchemes[0].type).toBe('oauthbearertoken');
  });

  it('lists the User and Group resource types, User with the enterprise extension, without a token', async () => {
    const response = await server.request('GET', '/ResourceTypes', undefined, anonymous);
    expect(response.status).toBe(200);
    const byId = Object.fromEntries((response.body.Resources as { id: string }[]).map((type) => [type.id, type]));
    expect(Object.keys(byId).sort()).toEqual(['Group', 'User']);
    expect(byId.User).toMatchObject({ endpoint: '/Users', schema: URN.user });
    expect(byId.User).toMatchObject({ schemaExtensions: [expect.objectContaining({ schema: URN.enterpriseUser })] });
    expect(byId.Group).toMatchObject({ endpoint: '/Groups', schema: URN.group });
  });

  it('lists the User, Group and enterprise User schemas without a token', async () => {
    const response = await server.request('GET', '/Schemas', undefined, anonymous);
    expect(response.status).toBe(200);
    const ids = (response.body.Resources as { id: string }[]).map((schema) => schema.id);
    expect(ids).toEqual(expect.arrayContaining([URN.user, URN.group, URN.enterpriseUser]));
  });

  it('serves /Schemas/urn:ietf:params:scim:schemas:core:2.0:User', async () => {
    const response = await server.request('GET', `/Schemas/${URN.user}`, undefined, anonymous);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [URN.schema], id: URN.user, name: 'User' });
    expect(response.body.attributes).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'userName', required: true, uniqueness: 'server' })]));
  });

  it('answers an unknown schema id with a SCIM 404', async () => {
    const response = await server.request('GET', '/Schemas/urn:example:no-such-schema', undefined, anonymous);
    expect(response.status).toBe(404);
    expect(response.body.schemas).toEqual([URN.error]);
  });

  it("serves a workspace's discovery endpoints without a token", async () => {
    const response = await server.request('GET', `${acme.baseUrl}/ResourceTypes`, undefined, anonymous);
    expect(response.status).toBe(200);
    expect(response.body.Resources[0].meta.location).toMatch(`${acme.baseUrl}/ResourceTypes/`);
  });
});

describe('meta.location', () => {
  it('uses the Host header the client sent', async () => {
    const created = await server.request('POST', '/Users', newUser('host@example.com'));
    const response = await getWithHost(`${server.baseUrl}/Users/${created.body.id}`, 'scim.example.test:8443', server.token);
    expect(response.status).toBe(200);
    expect(response.body.meta.location).toBe(`http://scim.example.test:8443/scim/v2/Users/${created.body.id}`);
  });

  it('uses the public host and scheme a local tunnel forwards', async () => {
    const created = await server.request('POST', '/Users', newUser('tunnel@example.com'));
    const response = await server.request('GET', `/Users/${created.body.id}`, undefined, {
      'x-forwarded-host': 'abc123.ngrok.app',
      'x-forwarded-proto': 'https',
    });
    expect(response.body.meta.location).toBe(`https://abc123.ngrok.app/scim/v2/Users/${created.body.id}`);
  });

  it("includes the workspace's path", async () => {
    const created = await asAcme('POST', '/Users', newUser('located@example.com'));
    expect(created.body.meta.location).toBe(`${acme.baseUrl}/Users/${created.body.id}`);
    expect(created.headers.location).toBe(created.body.meta.location);
  });
});
