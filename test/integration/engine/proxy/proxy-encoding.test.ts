import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configureProxy } from '../../../../src/engine/proxy/proxy-config';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * A request without Accept-Encoding accepts any encoding (RFC 9110 §12.5.3), so an upstream may
 * gzip its answer. The proxy asks for `identity`: the recording, search and verdicts read plain
 * text, where a gzipped answer was recorded as garbled bytes and judged "not JSON".
 */
const LIST = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] };
let upstream: Server;
let proxy: ScimTestServer;

beforeAll(async () => {
  // Plain text only when asked for identity alone; gzip otherwise.
  upstream = createServer((request, response) => {
    const body = JSON.stringify(LIST);
    if (request.headers['accept-encoding'] === 'identity') {
      response.writeHead(200, { 'content-type': 'application/scim+json' });
      response.end(body);
    } else {
      response.writeHead(200, { 'content-type': 'application/scim+json', 'content-encoding': 'gzip' });
      response.end(gzipSync(body));
    }
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await startScimServer();
  const port = (upstream.address() as { port: number }).port;
  configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', {
    upstream: `http://127.0.0.1:${port}/scim/v2`,
    auth: { mode: 'pass-through' },
  });
});
afterAll(async () => {
  await proxy?.close();
  await new Promise((resolve) => upstream.close(resolve));
});

it('asks the upstream for a plain answer, which it records and judges as the JSON it is', async () => {
  const session = proxy.app.workbench.recordings.startSession('encoding').id;
  const answer = await proxy.request('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`, undefined, {
    'user-agent': 'Okta SCIM Client 1.0.0',
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual(LIST);
  const [exchange] = proxy.app.workbench.recordings.sessionExchanges(session);
  expect(JSON.parse(exchange!.response.body!)).toEqual(LIST);
  const verdicts = proxy.app.workbench.recordings.verdicts(exchange!.id);
  expect(verdicts).toBeDefined();
  expect(verdicts!.map((verdict) => verdict.id)).not.toContain('rfc.body-not-json');
});
