import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configureProxy } from '../../../../src/engine/proxy/proxy-config';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { exportSessionText } from '../../../support/export-text';

/**
 * The upstream's secret is never recorded, also when the upstream echoes it: a debug error page
 * or a naive server that answers with the headers it got. The workbench knows the secret it sent,
 * so it is scrubbed from the recorded answer, and so from the search index and every export.
 */
const SECRET = 'UPSTREAM-SECRET-echoed-1234';
let echo: Server;
let proxy: ScimTestServer;

beforeAll(async () => {
  echo = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/scim+json', 'x-seen-auth': String(request.headers.authorization ?? '') });
    response.end(
      JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [], debug: { headers: request.headers } }),
    );
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  proxy = await startScimServer();
});
afterAll(async () => {
  await proxy?.close();
  await new Promise((resolve) => echo.close(resolve));
});

it('pass-through: an answer echoing the IdP’s own token is recorded without it', async () => {
  const port = (echo.address() as { port: number }).port;
  configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', {
    upstream: `http://127.0.0.1:${port}/scim/v2`,
    auth: { mode: 'pass-through' },
  });
  const recordings = proxy.app.workbench.recordings;
  const session = recordings.startSession('echo pass-through').id;
  expect((await proxy.request('GET', '/Users?count=1')).status).toBe(200);
  expect(JSON.stringify(recordings.sessionExchanges(session))).not.toContain(proxy.token);
});

it.each([
  ['bearer', { mode: 'bearer' as const, secret: SECRET }],
  ['basic', { mode: 'basic' as const, username: 'app', secret: SECRET }],
  ['header', { mode: 'header' as const, headerName: 'X-Api-Key', secret: SECRET }],
])('%s: an answer echoing the secret is recorded without it', async (_mode, auth) => {
  const port = (echo.address() as { port: number }).port;
  configureProxy(proxy.app.workbench.db, proxy.app.workbench.workspaces, 'default', { upstream: `http://127.0.0.1:${port}/scim/v2`, auth });
  const recordings = proxy.app.workbench.recordings;
  const session = recordings.startSession(`echo ${_mode}`).id;
  const answer = await proxy.request('GET', '/Users?count=1');
  expect(answer.status).toBe(200);
  // The IdP gets the upstream's answer as it came: only the recording is scrubbed.
  expect(JSON.stringify(answer.body)).toContain(auth.mode === 'basic' ? Buffer.from(`app:${SECRET}`).toString('base64') : SECRET);
  const [exchange] = recordings.sessionExchanges(session);
  expect(JSON.stringify(exchange)).not.toContain(SECRET);
  expect(JSON.stringify(exchange)).not.toContain(Buffer.from(`app:${SECRET}`).toString('base64'));
  for (const format of ['json', 'har'] as const) {
    const { text } = await exportSessionText(recordings, session, format, { creatorVersion: 'test' });
    expect(text).not.toContain(SECRET);
  }
});
