import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDatabaseBusy, isDiskFull } from '../../../../src/engine/store/database-failures';

/** The errors come from real SQLite connections where SQLite can be made to raise them here. */
function errorOf(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

const dir = mkdtempSync(join(tmpdir(), 'scim-workbench-failures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('database failures', () => {
  it('tells a lock held by another connection (SQLITE_BUSY) from other errors', () => {
    const path = join(dir, 'busy.db');
    const holder = new Database(path);
    const other = new Database(path, { timeout: 0 });
    try {
      holder.exec('CREATE TABLE t (x); BEGIN IMMEDIATE');
      const busy = errorOf(() => other.exec('BEGIN IMMEDIATE'));
      expect(isDatabaseBusy(busy)).toBe(true);
      const notBusy = errorOf(() => holder.exec('CREATE TABLE t (x)'));
      expect(isDatabaseBusy(notBusy)).toBe(false);
      expect(isDiskFull(notBusy, path)).toBe(false);
      expect(isDatabaseBusy(new Error('plain'))).toBe(false);
      expect(isDatabaseBusy(undefined)).toBe(false);
    } finally {
      holder.close();
      other.close();
    }
  });

  it('counts SQLITE_FULL as a full disk, and an I/O error only when the directory has no space left', () => {
    const db = new Database(join(dir, 'full.db'));
    try {
      db.exec('CREATE TABLE t (x)');
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      const full = errorOf(() => db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000)));
      expect((full as { code: string }).code).toBe('SQLITE_FULL');
      expect(isDiskFull(full, join(dir, 'full.db'))).toBe(true);
    } finally {
      db.close();
    }
    // An I/O error on a disk with room (this temp dir) is not a full disk; nor on ':memory:'.
    const ioError = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    expect(isDiskFull(ioError, join(dir, 'full.db'))).toBe(false);
    expect(isDiskFull(ioError, ':memory:')).toBe(false);
  });

  it('counts an I/O error on a file system with no space left as a full disk (a 1 MiB tmpfs, where one can be mounted)', (context) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'scim-workbench-tmpfs-'));
    const mounted = process.platform === 'linux' && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]).status === 0;
    try {
      if (!mounted) return context.skip('cannot mount a tmpfs here (needs root on Linux)');
      const { bavail, bsize } = statfsSync(mountPoint);
      writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(bavail * bsize));
      const ioError = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_FSYNC' });
      expect(isDiskFull(ioError, join(mountPoint, 'workbench.db'))).toBe(true);
    } finally {
      if (mounted) spawnSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });
});
