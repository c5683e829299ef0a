import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayJobState } from '../../../src/shared/replay';
import { startEngine } from '../../../src/engine/engine';
import { URN } from '../../../src/engine/scim/urns';
import { runCli, tempDir } from '../../support/cli';

/**
 * `export` without --session after a replay into a fresh workspace and an import: it writes the
 * live session (the replay and the import have sessions of their own), and `sessions` says which is which.
 */
const dir = tempDir();
const db = join(dir.path, 'live.db');

beforeAll(async () => {
  const engine = await startEngine({ dbPath: db, port: 0, logDir: false });
  try {
    const admin = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${engine.adminUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${engine.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as any;
    };
    const scim = (method: string, path: string, body?: unknown) =>
      fetch(`${engine.scimBaseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${engine.token}`, 'content-type': 'application/scim+json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await scim('POST', '/Users', { schemas: [URN.user], userName: 'live.one@example.com' });
    const live = engine.workbench.recordings.currentSessionId();
    const replay = (await admin('POST', '/replays', { sessionId: live, target: { kind: 'workspace', workspace: 'default', fresh: true } })) as ReplayJobState;
    // beforeAll cannot use expect.poll: the replay's own promise is not exposed, so its state is asked until it ends.
    let state = replay.state;
    while (state === 'running') state = ((await admin('GET', `/replays/${replay.id}`)) as ReplayJobState).state;
    if (state !== 'done') throw new Error(`The replay ended ${state}.`);
    await admin('POST', '/sessions/import?name=Imported', { log: { entries: [] } });
    await scim('GET', '/Users?filter=userName%20eq%20%22live.two%40example.com%22');
  } finally {
    await engine.close();
  }
}, 60_000);
afterAll(() => dir.remove());

describe('export after a replay and an import', () => {
  it('writes the live session by default', async () => {
    const result = await runCli(['export', '--db', db, '--format', 'har']);
    expect(result.code, result.stderr).toBe(0);
    const urls = JSON.parse(result.stdout).log.entries.map((entry: { request: { url: string } }) => entry.request.url);
    expect(urls).toHaveLength(2);
    expect(urls[0]).toMatch(/\/scim\/v2\/Users$/);
    expect(urls[1]).toContain('live.two');
  });

  it('lists the replay and the import by kind, and marks the current session', async () => {
    const result = await runCli(['sessions', '--db', db]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.shift()).toBe('ID\tNAME\tEXCHANGES\tCREATED\tKIND');
    expect(lines[0]).toMatch(/^\d+\tImported\t0 exchanges\t.*\t\(imported\)$/);
    expect(lines[1]).toMatch(/^\d+\tReplay of Session 1\t1 exchanges\t.*\t\(replay\)$/);
    expect(lines[2]).toMatch(/^\d+\tSession 1\t2 exchanges\t.*\t\(current\)$/);
  });
});

describe('export without --session where no live session was ever recorded', () => {
  it('says so and which sessions there are, and starts none', async () => {
    const onlyImports = join(dir.path, 'imports-only.db');
    const file = join(dir.path, 'one.har');
    writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [] } }));
    expect((await runCli(['import', file, '--name', 'Only import', '--db', onlyImports])).code).toBe(0);
    const result = await runCli(['export', '--db', onlyImports]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No live session was recorded here: pass --session N (scim-workbench sessions lists them).');
    const sessions = await runCli(['sessions', '--db', onlyImports]);
    expect(sessions.stdout.trim().split('\n').slice(1)).toEqual([expect.stringMatching(/^\d+\tOnly import\t0 exchanges\t.*\t\(imported\)$/)]);
  });
});
