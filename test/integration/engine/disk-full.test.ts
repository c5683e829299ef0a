import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * A write that finds no room for the database: capping the server connection's
 * `max_page_count` at the file's current size makes SQLite refuse to grow it with SQLITE_FULL,
 * exactly as on a full disk. The client must learn that the disk is full and what to do, and
 * nothing of the write may remain.
 */

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const byUserName = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;
/** A user big enough to need new pages (the file has no room left once capped). */
const bigUser = (userName: string) => ({ schemas: [URN.user], userName, displayName: 'x'.repeat(200_000) });

/** Runs `work` with the database unable to grow, then lifts the cap. */
async function withFullDatabase<T>(work: () => Promise<T>): Promise<T> {
  const db = server.app.workbench.db;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const limit = db.pragma('max_page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
  try {
    return await work();
  } finally {
    db.pragma(`max_page_count = ${limit}`);
  }
}

describe('a full disk', () => {
  it('answers a POST with 507 and a SCIM error naming the directory and what to do, and keeps nothing of it', async () => {
    const response = await withFullDatabase(() => server.request('POST', '/Users', bigUser('too-big@example.com')));
    expect(response.status).toBe(507);
    expect(response.headers['content-type']).toContain('application/scim+json');
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toMatchObject({ schemas: [URN.error], status: '507' });
    expect(response.body.detail).toContain('full');
    expect(response.body.detail).toContain(dirname(server.dbPath));
    expect(response.body.detail).toMatch(/free some space/i);
    expect((await server.request('GET', byUserName('too-big@example.com'))).body.totalResults).toBe(0);
    expect(server.app.workbench.db.prepare("SELECT count(*) FROM resources WHERE user_name_key = 'too-big@example.com'").pluck().get()).toBe(0);
  });

  it('answers a PUT with 507 and leaves the stored user as it was', async () => {
    const created = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'small@example.com', title: 'Before' });
    expect(created.status).toBe(201);
    const response = await withFullDatabase(() => server.request('PUT', `/Users/${created.body.id}`, { ...bigUser('small@example.com'), title: 'After' }));
    expect(response.status).toBe(507);
    expect(response.headers.etag).toBeUndefined();
    const stored = await server.request('GET', `/Users/${created.body.id}`);
    expect(stored.body.title).toBe('Before');
    expect(stored.body.meta.version).toBe(created.body.meta.version);
    expect(server.app.workbench.recordings.versionsOf('default', created.body.id)).toHaveLength(1);
  });

  it('writes again once there is room', async () => {
    const response = await server.request('POST', '/Users', bigUser('after-room@example.com'));
    expect(response.status).toBe(201);
  });
});

/**
 * The real thing where this machine lets the test mount a small tmpfs (root on Linux): the
 * database lives there, a filler file takes the rest of the space, and SQLite's write fails
 * with ENOSPC. Elsewhere the case is skipped, and says so.
 */
describe('a full file system (a 4 MiB tmpfs, where one can be mounted)', () => {
  let small: ScimTestServer | undefined;
  let mountPoint: string | undefined;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scim-workbench-tmpfs-'));
    if (process.platform === 'linux' && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]).status === 0) {
      mountPoint = dir;
      small = await startScimServer({ dbPath: join(mountPoint, 'workbench.db') });
    } else {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(async () => {
    await small?.close();
    if (mountPoint) {
      spawnSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('answers 507 naming the directory, keeps nothing of the write, and writes again once space is freed', async (context) => {
    if (!small || !mountPoint) return context.skip('cannot mount a tmpfs here (needs root on Linux)');
    const before = await small.request('POST', '/Users', { schemas: [URN.user], userName: 'fits@example.com' });
    expect(before.status).toBe(201);
    const filler = join(mountPoint, 'filler');
    const { bavail, bsize } = statfsSync(mountPoint);
    writeFileSync(filler, Buffer.alloc(bavail * bsize));
    expect(statfsSync(mountPoint).bavail).toBe(0);

    const response = await small.request('POST', '/Users', bigUser('no-room@example.com'));
    expect(response.status).toBe(507);
    expect(response.body).toMatchObject({ schemas: [URN.error], status: '507' });
    expect(response.body.detail).toContain(mountPoint);
    expect((await small.request('GET', byUserName('no-room@example.com'))).body.totalResults).toBe(0);

    unlinkSync(filler);
    expect((await small.request('POST', '/Users', bigUser('no-room@example.com'))).status).toBe(201);
    expect((await small.request('GET', byUserName('fits@example.com'))).body.totalResults).toBe(1);
  });
});
