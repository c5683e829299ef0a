import { afterEach, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { openRaw } from '../../support/raw-socket';
import { HARD_CAP_FACTOR } from '../../../src/engine/http/listener-limits';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * The listener never holds a connection forever: a client that stalls mid-request gets a 408
 * and its socket closed, and connections over the cap are closed on arrival. The timeouts are
 * short here so the tests wait for the server's answer (an event), not for the clock.
 */
let server: ScimTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SHORT = { headersTimeoutMs: 150, requestTimeoutMs: 300, timeoutCheckIntervalMs: 25 };

function expectScim408(answer: string) {
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  expect(answer).toMatch(/content-type: application\/scim\+json/i);
  const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
  expect(body).toMatchObject({ schemas: [URN.error], status: '408', detail: expect.stringMatching(/too long/) });
}

describe('a client that stalls', () => {
  it('sending headers and part of a body gets a 408 and the socket closed, and nothing is created', async () => {
    server = await startScimServer({ limits: SHORT });
    const raw = await openRaw(server.origin);
    const part = `{"schemas":["${URN.user}"],"userName":"stalled@example.com"`;
    raw.socket.write(
      `POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${server.token}\r\n` +
        `Content-Type: application/scim+json\r\nContent-Length: ${part.length + 100}\r\n\r\n${part}`,
    );
    expectScim408(await raw.closed);
    // Recorded once, in summary form (no body): the request never completed.
    const recorded = server.app.workbench.recordings.listExchanges({ limit: 100 }).items;
    expect(recorded.map((exchange) => [exchange.request.method, exchange.request.url, exchange.response.status, exchange.request.body])).toEqual([
      ['POST', '/scim/v2/Users', 408, null],
    ]);
    const users = await server.request('GET', '/Users?filter=userName eq "stalled@example.com"');
    expect(users).toMatchObject({ status: 200, body: { totalResults: 0 } });
  });

  it('after a 413 it was sent while its body still arrives, gets no second answer when it stalls', async () => {
    server = await startScimServer({ limits: SHORT });
    const raw = await openRaw(server.origin);
    raw.socket.write(
      `POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${server.token}\r\n` +
        `Content-Type: application/scim+json\r\nContent-Length: ${3 * 1024 * 1024}\r\n\r\n${'x'.repeat(64 * 1024)}`,
    );
    await raw.waitFor('HTTP/1.1 413');
    // The rest of the body never comes: the request timeout closes the connection, without an answer to nothing.
    const answered = await raw.closed;
    expect(answered.split('HTTP/1.1 ').length - 1).toBe(1);
  });

  it('sending half its headers gets a 408 and the socket closed, and the server still answers others', async () => {
    server = await startScimServer({ limits: SHORT });
    const raw = await openRaw(server.origin);
    raw.socket.write(`GET /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    expectScim408(await raw.closed);
    expect((await server.request('GET', '/ServiceProviderConfig')).status).toBe(200);
  });
});

describe('the connection cap', () => {
  const request = 'GET /scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

  it('answers a request on a connection over the cap with a SCIM 503 and Retry-After, and keeps serving those under it', async () => {
    server = await startScimServer({ limits: { maxConnections: 2 } });
    const first = await openRaw(server.origin);
    const second = await openRaw(server.origin);
    first.socket.write(request);
    second.socket.write(request);
    await Promise.all([first.waitFor('"authenticationSchemes"'), second.waitFor('"authenticationSchemes"')]);

    const third = await openRaw(server.origin);
    third.socket.write(request);
    const refused = await third.closed;
    expect(refused).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused).toMatch(/\r\nretry-after: 1\r\n/i);
    expect(refused).toMatch(/\r\nconnection: close\r\n/i);
    expect(refused).toContain('"status":"503"');

    first.socket.write(request);
    expect(await first.waitFor('HTTP/1.1 200 OK', 2)).toMatch(/^HTTP\/1\.1 200 OK/);
    first.socket.destroy();
    second.socket.destroy();
  });

  it('closes a connection over the cap after its 503 also when the answer came before the body', async () => {
    server = await startScimServer({ limits: { maxConnections: 1 } });
    const first = await openRaw(server.origin);
    first.socket.write(request);
    await first.waitFor('"authenticationSchemes"');
    const over = await openRaw(server.origin);
    const body = JSON.stringify({ schemas: [URN.user], userName: 'over-cap@example.com', title: 'x'.repeat(300_000) });
    over.socket.write(
      `POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/scim+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    over.socket.write(body);
    // Closed by the server after one answer: a second request on it is never answered.
    over.socket.write(request);
    const answered = await over.closed;
    expect(answered).toMatch(/^HTTP\/1\.1 503 /);
    expect(answered.split('HTTP/1.1 ').length - 1).toBe(1);
    first.socket.destroy();
  });

  it('closes connections on arrival, unanswered, past HARD_CAP_FACTOR times the cap', async () => {
    server = await startScimServer({ limits: { maxConnections: 1 } });
    // Accepted and idle (each waits for its request): the hard cap's worth of them.
    const held = [];
    for (let i = 0; i < HARD_CAP_FACTOR; i++) held.push(await openRaw(server.origin));
    const past = await openRaw(server.origin);
    expect(await past.closed).toBe('');
    // Those accepted are still served (the first) or told 503 (over the soft cap).
    held[0]!.socket.write(request);
    expect(await held[0]!.waitFor('"authenticationSchemes"')).toMatch(/^HTTP\/1\.1 200 OK/);
    held[1]!.socket.write(request);
    expect(await held[1]!.closed).toMatch(/^HTTP\/1\.1 503 /);
    for (const open of held) open.socket.destroy();
  });
});

describe('a body over the limit', () => {
  const post = (token: string, framing: string) =>
    `POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/scim+json\r\n${framing}\r\n`;
  const next = 'GET /scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
  const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;

  it('is answered 413 and read to its end, so the connection goes on to the next request', async () => {
    server = await startScimServer({ bodyLimit: 1000 });
    const raw = await openRaw(server.origin);
    raw.socket.write(post(server.token, 'Content-Length: 5000\r\n') + 'x'.repeat(5000) + next);
    const answers = await Promise.race([raw.waitFor('HTTP/1.1 200 OK'), raw.closed]);
    expect(answers).toMatch(/^HTTP\/1\.1 413 [\s\S]*"status":"413"[\s\S]*HTTP\/1\.1 200 OK/);
    raw.socket.destroy();
    const recorded = server.app.workbench.recordings.listExchanges({ limit: 10 }).items;
    expect(recorded.map((exchange) => [exchange.request.method, exchange.request.url, exchange.response.status])).toContainEqual([
      'POST',
      '/scim/v2/Users',
      413,
    ]);
  });

  it('sent in chunks is answered 413 while the client still writes, and the rest is read too', async () => {
    server = await startScimServer({ bodyLimit: 1000 });
    const raw = await openRaw(server.origin);
    raw.socket.write(post(server.token, 'Transfer-Encoding: chunked\r\n') + chunk('x'.repeat(2000)));
    expect(await Promise.race([raw.waitFor('"status":"413"'), raw.closed])).toMatch(/^HTTP\/1\.1 413 /);
    raw.socket.write(chunk('y'.repeat(3000)) + '0\r\n\r\n' + next);
    expect(await Promise.race([raw.waitFor('HTTP/1.1 200 OK'), raw.closed])).toMatch(/HTTP\/1\.1 200 OK/);
    raw.socket.destroy();
  });

  it('beyond what the server drains, is answered 413 and the connection closed', async () => {
    server = await startScimServer({ bodyLimit: 1000, limits: { maxDrainedBodyBytes: 10_000 } });
    const raw = await openRaw(server.origin);
    raw.socket.write(post(server.token, 'Transfer-Encoding: chunked\r\n') + chunk('x'.repeat(2000)));
    await raw.waitFor('"status":"413"');
    for (let i = 0; i < 20 && !raw.socket.destroyed; i++) raw.socket.write(chunk('y'.repeat(1000)));
    expect(await raw.closed).toMatch(/^HTTP\/1\.1 413 /);
  });
});
