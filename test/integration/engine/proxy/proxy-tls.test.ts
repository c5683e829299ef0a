import https from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureProxy } from '../../../../src/engine/proxy/proxy-config';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

const TLS = join(import.meta.dirname, '../../../fixtures/tls');

/** An upstream on HTTPS with a self-signed certificate (a staging server): refused unless the proxy's TLS switch says otherwise. */
describe('proxy mode and the upstream TLS certificate', () => {
  let proxy: ScimTestServer;
  let upstream: https.Server;
  let upstreamUrl: string;

  beforeAll(async () => {
    upstream = https.createServer(
      { key: readFileSync(join(TLS, 'self-signed.key')), cert: readFileSync(join(TLS, 'self-signed.crt')) },
      (_request, response) => {
        response
          .writeHead(200, { 'content-type': 'application/scim+json' })
          .end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}');
      },
    );
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `https://127.0.0.1:${(upstream.address() as { port: number }).port}/scim/v2`;
    proxy = await startScimServer();
  });
  afterAll(async () => {
    await proxy?.close();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  const useUpstream = (insecureTls: boolean) =>
    configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', { upstream: upstreamUrl, auth: { mode: 'pass-through' }, insecureTls });

  it('refuses the unverifiable certificate by default: 502 saying so and how to accept it', async () => {
    useUpstream(false);
    const answer = await proxy.request('GET', '/Users');
    expect(answer.status).toBe(502);
    expect(answer.body.detail).toContain(upstreamUrl);
    expect(answer.body.detail).toContain('its TLS certificate was not accepted');
    expect(answer.body.detail).toContain('insecure TLS switch');
  });

  it('forwards once the insecure TLS switch is on', async () => {
    useUpstream(true);
    const answer = await proxy.request('GET', '/Users');
    expect(answer.status).toBe(200);
    expect(answer.body.totalResults).toBe(0);
  });
});
