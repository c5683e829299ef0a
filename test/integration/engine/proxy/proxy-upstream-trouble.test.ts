import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configureProxy } from '../../../../src/engine/proxy/proxy-config';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * What the proxy does when the upstream (or its OAuth token endpoint) misbehaves, or the IdP gives up:
 * - an IdP that gives up on a request closes its connection, and the proxy gives up the upstream
 *   request too, freeing its connection (held for the whole timeout, enough of them stalled every request);
 * - an answer broken off after its head is recorded, with what came and a note;
 * - the token endpoint keeps to the proxy's timeout (504), and its refusal is said in one sentence.
 */
let upstream: Server;
let proxy: ScimTestServer;
const arrived: IncomingMessage[] = [];
let onArrival: (() => void) | undefined;

beforeAll(async () => {
  // Answers nothing: as a server stuck on a slow query.
  upstream = createServer((request) => {
    arrived.push(request);
    onArrival?.();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await startScimServer();
  const port = (upstream.address() as { port: number }).port;
  configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', {
    upstream: `http://127.0.0.1:${port}/scim/v2`,
    auth: { mode: 'pass-through' },
    timeoutMs: 60_000,
  });
});
afterAll(async () => {
  await proxy?.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

it('closes the upstream request as soon as the IdP goes away, long before the upstream timeout', async () => {
  const reached = new Promise<void>((resolve) => (onArrival = resolve));
  const idp = new AbortController();
  const asked = fetch(`${proxy.baseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${proxy.token}` }, signal: idp.signal }).catch(
    (error: Error) => error,
  );
  await reached;
  const upstreamClosed = new Promise<void>((resolve) => arrived[0]!.socket.once('close', () => resolve()));
  idp.abort();
  expect(await asked).toBeInstanceOf(Error);
  // Resolves only if the proxy closes its upstream connection: otherwise the test's own time limit (far below 60 s) fails it.
  await upstreamClosed;
}, 15_000);

it('records an answer the upstream broke off after its head, with what came and a note saying so', async () => {
  const breaking = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/scim+json' });
    response.write('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":');
    setImmediate(() => response.socket?.destroy());
  });
  await new Promise<void>((resolve) => breaking.listen(0, '127.0.0.1', resolve));
  try {
    configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', {
      upstream: `http://127.0.0.1:${(breaking.address() as { port: number }).port}/scim/v2`,
      auth: { mode: 'pass-through' },
    });
    const recordings = proxy.app.workbench.recordings;
    const session = recordings.startSession('broken off').id;
    const asked = await fetch(`${proxy.baseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${proxy.token}` } })
      .then((response) => response.text())
      .catch((error: Error) => error);
    expect(asked).toBeInstanceOf(Error);
    await expect.poll(() => recordings.sessionExchanges(session).length).toBe(1);
    const [exchange] = recordings.sessionExchanges(session);
    expect(exchange!.response.status).toBe(200);
    expect(exchange!.response.body).toContain('"totalResults":');
    expect(exchange!.notes.map((note) => `${note.kind}:${note.code}`)).toContain('proxied:upstreamFailed');
  } finally {
    breaking.closeAllConnections();
    await new Promise((resolve) => breaking.close(resolve));
  }
});

it('answers 504 within the proxy timeout when the upstream OAuth token endpoint does not answer', async () => {
  const port = (upstream.address() as { port: number }).port;
  configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', {
    upstream: `http://127.0.0.1:${port}/scim/v2`,
    auth: { mode: 'oauth', tokenUrl: `http://127.0.0.1:${port}/oauth/token`, clientId: 'proxy', secret: 'client-secret-1234' },
    timeoutMs: 1000,
  });
  // The hanging upstream answers its token endpoint no more than its SCIM endpoint; the test's own time limit is far below the default 30 s.
  const answer = await proxy.request('GET', '/Users?count=1');
  expect(answer.status).toBe(504);
  expect(answer.body.detail).toContain('within 1000 ms');
}, 10_000);

it('says what the upstream OAuth token endpoint refused in one sentence', async () => {
  const refusing = createServer((_request, response) => {
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'invalid_client', error_description: 'Unknown client.' }));
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  try {
    const port = (refusing.address() as { port: number }).port;
    configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', {
      upstream: `http://127.0.0.1:${port}/scim/v2`,
      auth: { mode: 'oauth', tokenUrl: `http://127.0.0.1:${port}/oauth/token`, clientId: 'proxy', secret: 'client-secret-5678' },
    });
    const answer = await proxy.request('GET', '/Users?count=1');
    expect(answer.status).toBe(502);
    expect(answer.body.detail).toContain('invalid_client: Unknown client.');
    expect(answer.body.detail).not.toContain('..');
  } finally {
    await new Promise((resolve) => refusing.close(resolve));
  }
});
