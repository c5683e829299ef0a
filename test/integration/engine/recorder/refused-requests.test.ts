import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../../../../src/shared/recording';
import { REDACTED } from '../../../../src/shared/recording';
import { UNAUTHENTICATED_CAP } from '../../../../src/engine/recorder/unauthenticated';
import { URN } from '../../../../src/engine/scim/urns';
import { openRaw } from '../../../support/raw-socket';
import { startScimServer, type ScimResponse, type ScimTestServer } from '../../../support/scim-server';

/**
 * Requests refused before any SCIM route ran (no such endpoint, a URL that does not decode, a path
 * segment too long, headers too large, not HTTP) are answered with a SCIM error and recorded in
 * summary form: method, path, status, client, the error answered; no body, no header values but
 * the User-Agent.
 */
let server: ScimTestServer;
const recordings = () => server.app.workbench.recordings;
const newest = (): RecordedExchange => recordings().exchange(recordings().listExchanges({ limit: 1 }).items[0]!.id)!;
const count = () => recordings().listExchanges({ limit: 1000 }).items.length;

/**
 * The workbench's clock, held still within a test and a second later for the next, so that the
 * per-second cap on unauthenticated and refused requests never depends on how fast the tests run.
 */
let clock = Date.parse('2026-06-15T12:00:00.000Z');
beforeEach(() => {
  clock += 1000;
});

beforeAll(async () => {
  server = await startScimServer({ now: () => clock });
  server.app.workbench.workspaces.create('acme');
});
afterAll(async () => {
  await server.close();
});

function expectScimError(response: ScimResponse, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(response.body).toMatchObject({ schemas: [URN.error], status: String(status), detail: expect.any(String) });
}

/** The newest exchange is a summary of this refusal: no body, no header value but the User-Agent, no token anywhere. */
function expectSummary(exchange: RecordedExchange, expected: { workspace: string; method: string; url: string; status: number }) {
  expect(exchange).toMatchObject({
    workspace: expected.workspace,
    request: { method: expected.method, url: expected.url, body: null },
    response: { status: expected.status },
  });
  expect(JSON.parse(exchange.response.body!)).toMatchObject({ schemas: [URN.error], status: String(expected.status) });
  for (const [name, value] of exchange.request.headers) {
    if (name !== 'user-agent') expect(value).toBe(REDACTED);
  }
  expect(JSON.stringify(exchange)).not.toContain(server.token);
}

describe('an unknown endpoint', () => {
  it('is a SCIM 404, recorded in the default workspace with the client and without the token', async () => {
    const before = count();
    const answer = await server.request('GET', '/Widgets?filter=x', undefined, { 'user-agent': 'Okta SCIM Client 1.0.0' });
    expectScimError(answer, 404);
    expect(count()).toBe(before + 1);
    const exchange = newest();
    expectSummary(exchange, { workspace: 'default', method: 'GET', url: '/scim/v2/Widgets', status: 404 });
    expect(exchange.request.headers).toContainEqual(['user-agent', 'Okta SCIM Client 1.0.0']);
    expect(exchange.request.headers).toContainEqual(['authorization', REDACTED]);
    expect(exchange.client).toBe('okta');
  });

  it('under /w/{slug}/ is recorded in that workspace when it exists, else in the default one', async () => {
    expectScimError(await server.request('POST', `${server.origin}/w/acme/scim/v2/Widgets`, { a: 1 }), 404);
    expectSummary(newest(), { workspace: 'acme', method: 'POST', url: '/w/acme/scim/v2/Widgets', status: 404 });
    expectScimError(await server.request('GET', `${server.origin}/w/made-up/scim/v2/Widgets`), 404);
    expectSummary(newest(), { workspace: 'default', method: 'GET', url: '/w/made-up/scim/v2/Widgets', status: 404 });
  });

  it('outside any SCIM root is recorded in the default workspace', async () => {
    expectScimError(await server.request('GET', `${server.origin}/wp-login.php`, undefined, { authorization: null }), 404);
    expectSummary(newest(), { workspace: 'default', method: 'GET', url: '/wp-login.php', status: 404 });
  });
});

describe('where a refused request came from', () => {
  it('is local, or tunnel when a tunnel forwarded it', async () => {
    await server.request('GET', '/Widgets');
    expect(newest().source).toBe('local');
    await server.request('GET', '/Widgets', undefined, { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-host': 'demo.example.com' });
    expect(newest().source).toBe('tunnel');
  });
});

describe('a URL the router refuses', () => {
  it('bad %-encoding is a SCIM 400 (invalidSyntax), recorded', async () => {
    const answer = await server.request('GET', '/Users/%E0%A4%A');
    expectScimError(answer, 400);
    expect(answer.body.scimType).toBe('invalidSyntax');
    expectSummary(newest(), { workspace: 'default', method: 'GET', url: '/scim/v2/Users/%E0%A4%A', status: 400 });
  });

  it('an id of 256 characters routes normally: 404 resource not found, not 414', async () => {
    const id = 'a'.repeat(256);
    const answer = await server.request('GET', `/Users/${id}`);
    expectScimError(answer, 404);
    expect(answer.body.detail).toContain(id);
    expect(newest()).toMatchObject({ request: { url: `/scim/v2/Users/${id}` }, response: { status: 404 } });
  });

  it('an id over 256 characters is a SCIM 400 (the id schema) or, past what the router reads, 414; recorded', async () => {
    for (const [length, status] of [
      [257, 400],
      [768, 400],
      [769, 414],
      [2000, 414],
    ] as const) {
      const answer = await server.request('GET', `/Users/${'b'.repeat(length)}`);
      expectScimError(answer, status);
      expect(newest()).toMatchObject({ request: { method: 'GET', url: `/scim/v2/Users/${'b'.repeat(length)}` }, response: { status: answer.status } });
    }
  });
});

describe('a request Node refuses before fastify sees it', () => {
  it('headers over the size limit are a SCIM 431, recorded with method and path', async () => {
    const answer = await server.request('GET', `/Users?filter=${'x'.repeat(20_000)}`);
    expectScimError(answer, 431);
    expectSummary(newest(), { workspace: 'default', method: 'GET', url: '/scim/v2/Users', status: 431 });
  });

  it('malformed HTTP is a SCIM 400, recorded when its request line is readable', async () => {
    const raw = await openRaw(server.origin);
    raw.socket.write('GET /w/acme/scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nNot a header\r\n\r\n');
    expect(await raw.closed).toMatch(/^HTTP\/1\.1 400 [\s\S]*"status":"400"/);
    expectSummary(newest(), { workspace: 'acme', method: 'GET', url: '/w/acme/scim/v2/Users', status: 400 });
  });
});

describe('a flood of refused requests', () => {
  it('is recorded only up to the cap per workspace and second, the rest counted in one row', async () => {
    const before = count();
    const flood = await Promise.all(Array.from({ length: 40 }, () => server.request('GET', `${server.origin}/no-such-thing`)));
    expect(flood.every((answer) => answer.status === 404)).toBe(true);
    const flooded = () =>
      recordings()
        .listExchanges({ limit: 1000 })
        .items.filter((exchange) => exchange.request.url === '/no-such-thing');
    expect(flooded()).toHaveLength(UNAUTHENTICATED_CAP.burst);
    // Ordinary traffic is not capped.
    for (let i = 0; i < 8; i++) expect((await server.request('GET', '/Users?count=0')).status).toBe(200);
    expect(count()).toBe(before + UNAUTHENTICATED_CAP.burst + 8);
    server.app.workbench.recorder.unauthenticated.reportDropped();
    const report = newest();
    expect(report.request.url).toBe('/no-such-thing');
    expect(report.notes.find((note) => note.code === 'unauthenticatedDropped')?.detail).toMatch(
      new RegExp(`^${40 - UNAUTHENTICATED_CAP.burst} unauthenticated requests not recorded`),
    );
  });
});
