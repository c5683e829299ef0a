import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startServe, tempDir, type ServeProcess } from '../../support/cli';

/**
 * A body over the limit is answered 413 with a SCIM error, and the rest of the body is read
 * and discarded, so a client still writing reads the 413 rather than EPIPE or ECONNRESET. The
 * server runs in its own process, as an IdP sees it: in the test's own process the client and
 * server take turns on one event loop and the reset never shows.
 */
let serve: ServeProcess | undefined;
const dir = tempDir();
afterEach(async () => {
  if (serve && serve.child.exitCode === null) {
    serve.child.kill('SIGKILL');
    await serve.exited;
  }
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
