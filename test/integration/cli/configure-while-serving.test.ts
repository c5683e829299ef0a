import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, startServe, tempDir, type ServeProcess } from '../../support/cli';

/**
 * `workspace configure` reads the workspace, then writes its settings. A `serve` on the same
 * database keeps writing (recordings, the search index) while an IdP provisions; a configure
 * whose read had begun before such a write could not then write ("database is locked", at once,
 * without waiting) unless its transaction takes the write lock first.
 */
const dir = tempDir();
const db = join(dir.path, 'busy.db');
let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--db', db, '--quiet']);
});
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await serve.exited;
  dir.remove();
});

it('changes settings while serve records an IdP provisioning into the same database', async () => {
  // 100 users keep serve writing through 8 or more configure runs; with a deferred transaction in configure,
  // a run failed with "database is locked" in each of several tries (as often as with 300 users).
  const traffic = runCli(['simulate', '--idp', 'okta', '--scenario', 'full', '--users', '100', '--target', serve.baseUrl, '--token', serve.token]);
  let done = false;
  void traffic.finally(() => (done = true));
  const failures: string[] = [];
  let runs = 0;
  for (let days = 1; !done || runs < 3; days++) {
    const result = await runCli(['workspace', 'configure', 'default', '--db', db, '--retention-days', String(days)]);
    runs++;
    if (result.code !== 0) failures.push(result.stderr.trim());
    else expect(JSON.parse(result.stdout).retention.days).toBe(days);
  }
  expect((await traffic).code).toBe(0);
  expect(failures).toEqual([]);
}, 150_000);
