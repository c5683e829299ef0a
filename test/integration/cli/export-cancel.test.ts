import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openWorkbench } from '../../../src/engine/workbench';
import { CLI, childEnv, tempDir } from '../../support/cli';

/**
 * Ctrl-C during `export --out` leaves nothing behind: the file is written beside its target and
 * renamed once whole, and a cancelled export removes what it had written (it was an 11 MB
 * `.x.har.….partial` before). The session is large enough for the export to take a while; the
 * signal is sent once its partial file exists, so it lands mid-write.
 */
const dir = tempDir();
const db = join(dir.path, 'big.db');
let sessionId: number;

beforeAll(() => {
  const workbench = openWorkbench({ dbPath: db });
  try {
    const exchange = (index: number) => ({
      workspace: 'default',
      startedAt: new Date(Date.UTC(2026, 11, 1, 10, 0, 0, index)).toISOString(),
      durationMs: 1,
      client: 'okta' as const,
      source: 'local' as const,
      operation: `Okta looked up user ${index}`,
      request: {
        method: 'GET',
        url: `/scim/v2/Users?filter=userName%20eq%20%22user${index}%40example.com%22`,
        headers: [['user-agent', 'Okta SCIM Client']] as [string, string][],
        body: null,
      },
      response: {
        status: 200,
        headers: [['content-type', 'application/scim+json']] as [string, string][],
        body: JSON.stringify({ totalResults: 0, padding: 'x'.repeat(600) }),
      },
      notes: [],
      changes: [],
    });
    sessionId = workbench.recordings.importSession(
      'Big',
      Array.from({ length: 20_000 }, (_, index) => exchange(index)),
    ).id;
  } finally {
    workbench.close();
  }
}, 120_000);
afterAll(() => dir.remove());

it('removes its partial file and exits 130 when interrupted, leaving no export', async () => {
  const out = join(dir.path, 'big.har');
  const child = spawn(process.execPath, [CLI, 'export', '--session', String(sessionId), '--format', 'har', '--out', out, '--db', db], { env: childEnv() });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const partials = () => readdirSync(dir.path).filter((name) => name.endsWith('.partial'));
  await expect.poll(partials, { timeout: 60_000, interval: 5 }).toHaveLength(1);
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(stderr).toContain(`Export cancelled (SIGINT) before it was complete: a file at ${out} is left as it was.`);
  expect(partials()).toEqual([]);
  expect(existsSync(out)).toBe(false);
}, 120_000);
