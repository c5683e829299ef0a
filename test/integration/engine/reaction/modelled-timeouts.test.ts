import Fastify from 'fastify';
import { setTimeout as wait } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../../src/engine/simulator/simulator';
import type { SentRequest } from '../../../../src/engine/client/scim-client';

/** A target that does not answer in time: the modelled IdP gives up on the request and sends it again, as it does after a 5xx. */
describe('the modelled reaction to a request left unanswered', () => {
  it('Okta sends the create again after its timeout, and the second one creates the user', async () => {
    // The held create's socket is closed by the client's timeout; forced, close does not wait on it.
    const app = Fastify({ forceCloseConnections: true });
    let creates = 0;
    const release = new AbortController();
    app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, (_request, body, done) => done(null, JSON.parse(body as string)));
    app.get('/Users', async () => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] }));
    app.post<{ Body: Record<string, unknown> }>('/Users', async (request, reply) => {
      creates += 1;
      // The first create is held until the test ends: well past the client's timeout.
      if (creates === 1) await wait(20_000, undefined, { signal: release.signal }).catch(() => undefined);
      return reply.code(201).send({ ...request.body, id: `u-${creates}` });
    });
    const address = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    try {
      const sent: SentRequest[] = [];
      const result = await simulate({
        idp: 'okta',
        scenario: 'assign-users',
        users: 1,
        baseUrl: address,
        auth: { kind: 'none' },
        timeoutMs: 1500,
        retryBackoffScale: 0.01,
        onRequest: (request) => sent.push(request),
      });
      const posts = sent.filter((request) => request.method === 'POST');
      expect(posts.map((request) => request.status ?? request.error)).toEqual(['no answer within 1.5 s', 201]);
      expect(result).toMatchObject({ failures: [], users: { created: 1 }, reaction: { retries: 1, gaveUp: 0 } });
    } finally {
      release.abort();
      await app.close();
    }
  });
});
