import BetterSqlite from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, serveFromEventLoop } from '../../../src/engine/store/database';
import { tempDir } from '../../support/cli';

/**
 * The database holds workspace tokens, and SQLite writes its pages to the -wal file first: all three
 * files must be the owner's only from the first byte, under the usual umask of 022.
 */
const dir = tempDir();
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
let previousUmask = 0;

beforeAll(() => {
  previousUmask = process.umask(0o022);
});
afterAll(() => {
  process.umask(previousUmask);
  dir.remove();
});

describe.skipIf(process.platform === 'win32')('database files', () => {
  it('creates the database, its -wal and its -shm 0600 on a first open', () => {
    const path = join(dir.path, 'first.db');
    const db = openDatabase(path);
    try {
      expect([modeOf(path), modeOf(`${path}-wal`), modeOf(`${path}-shm`)]).toEqual(['600', '600', '600']);
    } finally {
      db.close();
    }
  });

  it("tightens an existing install's 0644 database, -wal and -shm when it opens them", () => {
    const path = join(dir.path, 'older.db');
    // An older version's files: made under umask 022, still open (so the -wal and -shm exist).
    const older = new BetterSqlite(path);
    older.pragma('journal_mode = WAL');
    older.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    expect([modeOf(path), modeOf(`${path}-wal`), modeOf(`${path}-shm`)]).toEqual(['644', '644', '644']);
    const db = openDatabase(path);
    try {
      expect([modeOf(path), modeOf(`${path}-wal`), modeOf(`${path}-shm`)]).toEqual(['600', '600', '600']);
    } finally {
      db.close();
      older.close();
    }
  });

  it("creates a missing parent directory 0700 but leaves an existing one's mode alone", () => {
    const existing = join(dir.path, 'shared');
    mkdirSync(existing, { mode: 0o755 });
    openDatabase(join(existing, 'a.db')).close();
    expect(modeOf(existing)).toBe('755');
    const created = join(dir.path, 'new-parent');
    openDatabase(join(created, 'b.db')).close();
    expect(modeOf(created)).toBe('700');
  });
});

/**
 * Each grouped write runs in a savepoint (store/group-commit.ts), whose journal holds a copy of every
 * page it changes: on the serving connection it stays in memory, where SQLite's default moved it to a
 * temporary file (opened, unlinked, written page by page) once a transaction's passed 64 KiB.
 */
it("keeps a serving connection's savepoint journals in memory, not in temporary files", () => {
  const db = openDatabase(join(dir.path, 'serving.db'));
  try {
    serveFromEventLoop(db);
    // 2: MEMORY (0 is the build's default, a file).
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
  } finally {
    db.close();
  }
});
