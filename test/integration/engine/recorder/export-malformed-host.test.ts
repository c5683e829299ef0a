import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSessionText } from '../../../support/export-text';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** Sends one request with a Host header no URL can hold (node's fetch would refuse to send it). */
function sendWithHost(origin: string, path: string, host: string, token: string): Promise<number> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path, method: 'GET', setHost: false, headers: { host, authorization: `Bearer ${token}` } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}

let server: ScimTestServer;
beforeEach(async () => {
  server = await startScimServer();
});
afterEach(() => server.close());

describe('HAR export of a session with a malformed Host header', () => {
  it('exports every entry; the one whose Host is not a host name gets http://invalid-host.invalid and keeps its raw header', async () => {
    await server.request('GET', '/Users?count=1');
    // Recorded in full (a request refused for its token is kept only in summary, without headers).
    expect(await sendWithHost(server.origin, '/scim/v2/Users?filter=userName%20eq%20%22x%22', 'a b', server.token)).toBe(200);
    await server.request('GET', '/Groups');
    const recordings = server.app.workbench.recordings;
    const { text } = await exportSessionText(recordings, recordings.sessions()[0]!.id, 'har', { creatorVersion: 'test' });
    const entries = (
      JSON.parse(text) as { log: { entries: { request: { url: string; headers: { name: string; value: string }[]; queryString: unknown[] } }[] } }
    ).log.entries;
    expect(entries.map((entry) => entry.request.url)).toEqual([
      `${server.origin}/scim/v2/Users?count=1`,
      'http://invalid-host.invalid/scim/v2/Users?filter=userName%20eq%20%22x%22',
      `${server.origin}/scim/v2/Groups`,
    ]);
    expect(entries[1]!.request.headers).toContainEqual({ name: 'host', value: 'a b' });
    expect(entries[1]!.request.queryString).toEqual([{ name: 'filter', value: 'userName eq "x"' }]);
  });
});
