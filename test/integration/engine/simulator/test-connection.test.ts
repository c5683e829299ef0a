import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '../../../../src/engine/simulator/test-connection';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { refusedPort } from '../../../support/ports';

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/**
 * testConnection against real servers on loopback: the workbench's own SCIM server (which must
 * pass as Okta and Entra ID would judge it), and small fastify servers that get one thing wrong
 * each, the way a misconfigured app or a tunnel's warning page would.
 */
describe('testConnection', () => {
  let scim: ScimTestServer;
  beforeAll(async () => {
    scim = await startScimServer();
  });
  afterAll(async () => {
    await scim?.close();
  });

  /** Starts a fastify server on 127.0.0.1 answering GET /scim/v2/Users with `handler`; returns its SCIM base URL. */
  async function withServer(
    handler: (request: FastifyRequest, reply: FastifyReply) => unknown,
    run: (baseUrl: string, seen: string[]) => Promise<void>,
  ): Promise<void> {
    const app: FastifyInstance = Fastify({ forceCloseConnections: true });
    const seen: string[] = [];
    app.get('/scim/v2/Users', (request, reply) => {
      seen.push(request.url);
      return handler(request, reply);
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      await run(`${address.replace('localhost', '127.0.0.1')}/scim/v2`, seen);
    } finally {
      await app.close();
    }
  }

  it("passes Okta's test against the workbench's SCIM server, and the request is recorded", async () => {
    const result = await testConnection({ idp: 'okta', scimBaseUrl: `${scim.baseUrl}/`, token: scim.token, throughTunnel: false });
    expect(result).toMatchObject({ idp: 'okta', ok: true, status: 200, problems: [], throughTunnel: false, verdict: 'Okta would accept this connection.' });
    expect(result.url).toBe(`${scim.baseUrl}/Users?startIndex=1&count=2`);
    expect(result.durationMs).toBeGreaterThan(0);
    const recorded = scim.app.workbench.recordings.listExchanges({ limit: 1 }).items[0];
    expect(recorded).toMatchObject({ request: { method: 'GET', url: '/scim/v2/Users?startIndex=1&count=2' }, response: { status: 200 } });
  });

  it("passes Entra ID's test against the workbench's SCIM server, with a filter on a user that does not exist", async () => {
    const result = await testConnection({ idp: 'entra', scimBaseUrl: scim.baseUrl, token: scim.token, throughTunnel: true });
    expect(result).toMatchObject({ idp: 'entra', ok: true, status: 200, problems: [], throughTunnel: true, verdict: 'Entra ID would accept this connection.' });
    const url = new URL(result.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${scim.baseUrl}/Users`);
    expect(url.searchParams.get('filter')).toMatch(/^userName eq "test-connection-[0-9a-f-]{36}"$/);
    const recorded = scim.app.workbench.recordings.listExchanges({ limit: 1 }).items[0];
    expect(recorded?.request.method).toBe('GET');
    expect(recorded?.request.url).toMatch(/^\/scim\/v2\/Users\?filter=userName/);
    expect(recorded?.response.status).toBe(200);
  });

  it('says the token was refused when it is wrong', async () => {
    const result = await testConnection({ idp: 'okta', scimBaseUrl: scim.baseUrl, token: 'not-the-token', throughTunnel: false });
    expect(result.ok).toBe(false);
    expect(result.status).toBe(401);
    expect(result.problems).toEqual(["HTTP 401: the token was refused — paste the workspace's current token into Okta."]);
    expect(result.verdict).toBe('Okta would report the connection test as failed.');
  });

  it("says the answer is not from a SCIM server when it is an HTML page (a tunnel's warning page)", async () => {
    await withServer(
      (_request, reply) =>
        reply.code(200).type('text/html; charset=utf-8').send('<!doctype html><title>You are about to visit…</title><button>Visit site</button>'),
      async (baseUrl, seen) => {
        const result = await testConnection({ idp: 'okta', scimBaseUrl: baseUrl, token: 't', throughTunnel: true });
        expect(seen).toEqual(['/scim/v2/Users?startIndex=1&count=2']);
        expect(result).toMatchObject({ ok: false, status: 200, throughTunnel: true });
        expect(result.problems).toContain(
          'Content-Type is "text/html; charset=utf-8", not application/scim+json: the answer is not from a SCIM server (a tunnel\'s warning page?).',
        );
        expect(result.problems).toContain('The body is not JSON.');
      },
    );
  });

  it('names a missing ListResponse schema and a missing totalResults', async () => {
    await withServer(
      (_request, reply) =>
        reply
          .code(200)
          .type('application/scim+json')
          .send(JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Resources: [] })),
      async (baseUrl) => {
        const result = await testConnection({ idp: 'okta', scimBaseUrl: baseUrl, token: 't', throughTunnel: false });
        expect(result.ok).toBe(false);
        expect(result.status).toBe(200);
        expect(result.problems).toEqual([`The body's schemas lack ${LIST_RESPONSE}.`, 'totalResults is missing or not a number.']);
      },
    );
  });

  it('for Entra ID, says the filter is ignored when a filter on a user that cannot exist returns results', async () => {
    const users = ['a', 'b', 'c'].map((name) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: name, userName: `${name}@example.com` }));
    await withServer(
      (_request, reply) =>
        reply
          .code(200)
          .type('application/scim+json')
          .send(JSON.stringify({ schemas: [LIST_RESPONSE], totalResults: 3, startIndex: 1, itemsPerPage: 3, Resources: users })),
      async (baseUrl, seen) => {
        const result = await testConnection({ idp: 'entra', scimBaseUrl: baseUrl, token: 't', throughTunnel: false });
        expect(seen[0]).toMatch(/^\/scim\/v2\/Users\?filter=userName/);
        expect(result).toMatchObject({ ok: false, status: 200, verdict: 'Entra ID would report the connection test as failed.' });
        expect(result.problems).toEqual(['A filter on a user that cannot exist returned 3 results: the filter is ignored.']);
        // Okta sends no filter, so the same answer passes its test.
        const okta = await testConnection({ idp: 'okta', scimBaseUrl: baseUrl, token: 't', throughTunnel: false });
        expect(okta).toMatchObject({ ok: true, problems: [] });
      },
    );
  });

  it('says the request did not get through when nothing listens at the URL', async () => {
    const nothing = await refusedPort();
    const result = await testConnection({ idp: 'okta', scimBaseUrl: `http://127.0.0.1:${nothing.port}/scim/v2`, token: 't', throughTunnel: false }).finally(
      nothing.close,
    );
    expect(result.ok).toBe(false);
    expect(result.status).toBeUndefined();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.startsWith('The request did not get through')).toBe(true);
    expect(result.problems[0]).toContain('ECONNREFUSED');
    expect(result.verdict).toMatch(/^Okta would say it cannot connect to the SCIM server \(/);
  });

  it('gives up after timeoutMs when the server never answers', async () => {
    await withServer(
      () => new Promise(() => {}), // accepts the request, never answers
      async (baseUrl, seen) => {
        // That it returns at all (the server never answers) and says why is the proof; no clock is read.
        const result = await testConnection({ idp: 'entra', scimBaseUrl: baseUrl, token: 't', throughTunnel: false, timeoutMs: 300 });
        expect(seen).toHaveLength(1);
        expect(result.ok).toBe(false);
        expect(result.status).toBeUndefined();
        expect(result.problems).toEqual(['The request did not get through: no answer within 0.3 s.']);
        expect(result.verdict).toBe('Entra ID would say it cannot connect to the SCIM server (no answer within 0.3 s).');
      },
    );
  });
});
