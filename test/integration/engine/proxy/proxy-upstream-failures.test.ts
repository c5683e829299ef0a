import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureProxy } from '../../../../src/engine/proxy/proxy-config';
import type { ProxyConfigRequest } from '../../../../src/shared/proxy';
import type { RecordedExchange } from '../../../../src/shared/recording';
import { refusedPort } from '../../../support/ports';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** A plain HTTP server as an upstream whose behaviour each test sets. */
async function startUpstream(handle: (request: IncomingMessage, response: ServerResponse) => void) {
  const sockets = new Set<Socket>();
  const server = http.createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/scim/v2`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('proxy mode when the upstream fails or answers big', () => {
  let proxy: ScimTestServer;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    proxy = await startScimServer();
    // The live session exists before the first exchange is waiting to be written.
    proxy.app.workbench.recordings.currentSessionId();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(async () => proxy?.close());

  const useUpstream = (config: ProxyConfigRequest) => configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', config);
  /** The exchange recorded for the request `matches` names (recorded once the answer has gone: polled). */
  const recordedFor = async (matches: (exchange: RecordedExchange) => boolean): Promise<RecordedExchange> => {
    const { recordings } = proxy.app.workbench;
    const find = () => recordings.sessionExchanges(recordings.currentSessionId()).find(matches);
    await expect.poll(find).toBeDefined();
    return find()!;
  };

  it('answers 502 with a SCIM error naming the upstream when it cannot be reached', async () => {
    const refused = await refusedPort();
    cleanups.push(refused.close);
    const upstream = `http://127.0.0.1:${refused.port}/scim/v2`;
    useUpstream({ upstream, auth: { mode: 'bearer', secret: 'upstream-secret-502' } });

    const answer = await proxy.request('GET', '/Users?count=1');
    expect(answer.status).toBe(502);
    expect(answer.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    expect(answer.body.status).toBe('502');
    expect(answer.body.detail).toContain(upstream);
    expect(answer.body.detail).toContain('connection refused');
    expect(answer.body.detail).not.toContain('upstream-secret-502');

    const exchange = await recordedFor((recorded) => recorded.request.url === '/scim/v2/Users?count=1');
    expect(exchange.response.status).toBe(502);
    expect(exchange.notes.map((note) => `${note.kind}:${note.code}`)).toContain('proxied:upstreamFailed');
  });

  it('answers 504 when the upstream does not answer within the configured timeout', async () => {
    const held: ServerResponse[] = [];
    const slow = await startUpstream((_request, response) => held.push(response));
    cleanups.push(slow.close);
    useUpstream({ upstream: slow.baseUrl, auth: { mode: 'pass-through' }, timeoutMs: 200 });

    const answer = await proxy.request('GET', '/Users');
    expect(held.length).toBe(1);
    expect(answer.status).toBe(504);
    expect(answer.body.status).toBe('504');
    expect(answer.body.detail).toBe(`The upstream SCIM server ${slow.baseUrl} did not answer within 200 ms (the workspace's proxy timeout).`);
  });

  it('streams a 5 MB list to the IdP as it arrives, and records it whole', async () => {
    const resources = Array.from({ length: 12_000 }, (_, index) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: `user-${index}`,
      userName: `person-${index}@example.com`,
      displayName: `Person number ${index} with a long enough name to fill the page`.padEnd(300, '.'),
    }));
    const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: resources.length, Resources: resources });
    expect(body.length).toBeGreaterThan(5_000_000);
    const half = Math.floor(body.length / 2);
    let releaseRest!: () => void;
    const restReleased = new Promise<void>((resolve) => (releaseRest = resolve));
    let restSent = false;
    const upstream = await startUpstream((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(body) });
      response.write(body.slice(0, half));
      // The rest only once the IdP has received the first part: proof the proxy does not wait for the whole body.
      void restReleased.then(() => {
        restSent = true;
        response.end(body.slice(half));
      });
    });
    cleanups.push(upstream.close);
    useUpstream({ upstream: upstream.baseUrl, auth: { mode: 'pass-through' }, timeoutMs: 30_000 });

    const received = await new Promise<{ status: number; text: string; firstPartBeforeRest: boolean }>((resolve, reject) => {
      const request = http.get(`${proxy.baseUrl}/Users`, { headers: { authorization: 'Bearer anything' } }, (response) => {
        const chunks: Buffer[] = [];
        let firstPartBeforeRest: boolean | undefined;
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          firstPartBeforeRest ??= !restSent;
          releaseRest();
        });
        response.on('end', () =>
          resolve({ status: response.statusCode!, text: Buffer.concat(chunks).toString('utf8'), firstPartBeforeRest: firstPartBeforeRest! }),
        );
        response.on('error', reject);
      });
      request.on('error', reject);
    });
    expect(received.status).toBe(200);
    expect(received.firstPartBeforeRest).toBe(true);
    expect(received.text).toBe(body);

    const exchange = await recordedFor((recorded) => recorded.response.body?.length === body.length);
    expect(exchange.response.body).toBe(body);
  });

  it('passes the IdP credentials through unchanged in pass-through mode', async () => {
    const seen: (string | undefined)[] = [];
    const upstream = await startUpstream((request, response) => {
      seen.push(request.headers.authorization);
      response
        .writeHead(200, { 'content-type': 'application/scim+json' })
        .end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}');
    });
    cleanups.push(upstream.close);
    useUpstream({ upstream: upstream.baseUrl, auth: { mode: 'pass-through' }, timeoutMs: 30_000 });

    const answer = await proxy.request('GET', '/Users?filter=userName%20eq%20%22x%22', undefined, { authorization: 'Bearer the-idps-own-token' });
    expect(answer.status).toBe(200);
    expect(seen).toEqual(['Bearer the-idps-own-token']);
    const exchange = await recordedFor((recorded) => recorded.request.url.includes('filter='));
    expect(exchange.request.url).toBe('/scim/v2/Users?filter=userName%20eq%20%22x%22');
    expect(JSON.stringify(exchange)).not.toContain('the-idps-own-token');
  });
});
