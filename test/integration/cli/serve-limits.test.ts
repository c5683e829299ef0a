import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { spawnCli, startServe, tempDir, type ServeProcess, killServe } from '../../support/cli';
import { openRaw } from '../../support/raw-socket';

/**
 * `serve`'s listener limits, seen from outside its process as an IdP sees them. A body over the
 * limit is answered 413 with a SCIM error and the rest of the body is read and discarded, so a
 * client still writing reads the 413 rather than EPIPE or ECONNRESET (in the test's own process
 * client and server take turns on one event loop and the reset never shows).
 */
let serve: ServeProcess | undefined;
let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(async () => {
  await killServe(serve);
  dir.remove();
});

it('answers 20 concurrent 5 MB posts, round after round on the same connections, each with a SCIM 413', async () => {
  serve = await startServe(['--db', join(dir.path, 'w.db')]);
  const body = JSON.stringify({ schemas: [URN.user], userName: 'big@example.com', padding: 'x'.repeat(5 * 1024 * 1024) });
  const post = async () => {
    try {
      const response = await fetch(`${serve!.baseUrl}/Users`, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${serve!.token}`, 'content-type': 'application/scim+json' },
      });
      return { status: response.status, body: await response.json() };
    } catch (error) {
      return { failed: `${(error as Error).message}: ${String((error as { cause?: unknown }).cause)}` };
    }
  };
  // The first round opens the connections; the resets came on the rounds that reuse them.
  for (let round = 0; round < 3; round++) {
    const answers = await Promise.all(Array.from({ length: 20 }, post));
    for (const answer of answers) {
      expect(answer).toEqual({ status: 413, body: { schemas: [URN.error], status: '413', detail: expect.stringContaining('larger than') } });
    }
  }
  const users = await fetch(`${serve.baseUrl}/Users?count=0`, { headers: { authorization: `Bearer ${serve.token}` } });
  expect(((await users.json()) as { totalResults: number }).totalResults).toBe(0);
}, 60_000);

it('--max-connections caps the connections served at once: a request on one more is answered 503', async () => {
  serve = await startServe(['--db', join(dir.path, 'w.db'), '--max-connections', '1', '--quiet']);
  const origin = new URL(serve.baseUrl).origin;
  const request = 'GET /scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
  const first = await openRaw(origin);
  first.socket.write(request);
  await first.waitFor('"authenticationSchemes"');
  const second = await openRaw(origin);
  second.socket.write(request);
  expect(await second.closed).toMatch(/^HTTP\/1\.1 503 [\s\S]*"status":"503"/);
  first.socket.destroy();
});

it('--max-connections refuses a value that is not a positive whole number', async () => {
  const result = await spawnCli(['serve', '--db', join(dir.path, 'w.db'), '--max-connections', '0']);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain('--max-connections');
  expect(result.stderr).toContain('whole number from 1');
});
