import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureProxy } from '../../../../src/engine/proxy/proxy-config';
import type { ProxyConfigRequest } from '../../../../src/shared/proxy';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** The upstream's own credentials in each replacing mode, against a workbench upstream that enforces that mode. */
describe("proxy mode with the upstream's own credentials", () => {
  let upstream: ScimTestServer;
  let proxy: ScimTestServer;
  beforeAll(async () => {
    upstream = await startScimServer();
    proxy = await startScimServer();
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  const cases: [string, Record<string, unknown>, () => NonNullable<ProxyConfigRequest['auth']>][] = [
    ['basic', { mode: 'basic', username: 'app' }, () => ({ mode: 'basic', username: 'app', secret: upstream.token })],
    ['header', { mode: 'header', headerName: 'X-Scim-Key' }, () => ({ mode: 'header', headerName: 'X-Scim-Key', secret: upstream.token })],
    [
      'oauth',
      { mode: 'oauth', clientId: 'proxy-client' },
      () => ({ mode: 'oauth', tokenUrl: `${upstream.baseUrl}/oauth/token`, clientId: 'proxy-client', secret: upstream.token }),
    ],
  ];

  it.each(cases)('%s: the upstream accepts them, and refuses the proxy without them', async (_name, upstreamAuth, auth) => {
    upstream.app.workbench.workspaces.configure('default', { auth: upstreamAuth });
    configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', { upstream: upstream.baseUrl, auth: auth() });
    const answer = await proxy.request('GET', '/Users?count=1');
    expect(answer.status).toBe(200);
    expect(answer.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);

    configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', { upstream: upstream.baseUrl, auth: { mode: 'pass-through' } });
    expect((await proxy.request('GET', '/Users?count=1')).status).toBe(401);
  });
});

describe('observe after write, with a header that does not start with x-', () => {
  it('reads the written resource back with the same credentials as the write', async () => {
    const upstream = await startScimServer();
    const proxy = await startScimServer();
    try {
      upstream.app.workbench.workspaces.configure('default', { auth: { mode: 'header', headerName: 'Api-Key' } });
      configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', {
        upstream: upstream.baseUrl,
        auth: { mode: 'header', headerName: 'Api-Key', secret: upstream.token },
        observeAfterWrite: true,
      });
      const session = upstream.app.workbench.recordings.startSession('observed').id;
      const created = await proxy.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'observed.back@example.com' });
      expect(created.status).toBe(201);
      const upstreamSaw = upstream.app.workbench.recordings
        .sessionExchanges(session)
        .map((exchange) => `${exchange.request.method} ${exchange.response.status}`);
      expect(upstreamSaw).toEqual(['POST 201', 'GET 200']);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});
