import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, WAL_AUTOCHECKPOINT_PAGES } from '../../../../src/engine/store/database';
import { CHECKPOINT_SCHEDULE, nextCheckpointMs, WalCheckpointer } from '../../../../src/engine/store/wal-checkpointer';

const dir = mkdtempSync(join(tmpdir(), 'scim-workbench-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EVERY_10_MS = { quickMs: 10, slowMs: 10, framesPerCheckpoint: 1 };

it('copies the WAL back into the database file from its worker while the serving connection does not, and hands that back when stopped', async () => {
  const path = join(dir, 'wal.db');
  const db = openDatabase(path);
  const checkpointer = new WalCheckpointer(db, { schedule: EVERY_10_MS, startAtWalBytes: 0 });
  try {
    db.exec('CREATE TABLE blobs (data BLOB)');
    checkpointer.start();
    // The serving connection's own checkpoints only bound the WAL now.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(WAL_AUTOCHECKPOINT_PAGES);
    const sizeBefore = statSync(path).size;
    // ~1,000 pages in one commit: below any autocheckpoint threshold, so only the worker copies them.
    const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
    db.transaction(() => {
      for (let index = 0; index < 1000; index++) insert.run(Buffer.alloc(4000, index % 256));
    })();
    await expect.poll(() => statSync(path).size - sizeBefore, { timeout: 10_000, interval: 20 }).toBeGreaterThan(1000 * 4000);
    await checkpointer.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
  } finally {
    await checkpointer.stop();
    db.close();
  }
});

it('starts its worker only once the WAL has grown past a megabyte, leaving SQLite its own checkpoints until then', async () => {
  const path = join(dir, 'grows.db');
  const db = openDatabase(path);
  const checkpointer = new WalCheckpointer(db, { schedule: EVERY_10_MS });
  const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true });
  let sizeBefore = 0;
  // The watch's interval runs when the test says, not when the clock does.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  try {
    db.exec('CREATE TABLE blobs (data BLOB)');
    checkpointer.start();
    const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
    // A few small commits: a WAL of a few pages.
    for (let index = 0; index < 20; index++) insert.run(Buffer.alloc(100, index % 256));
    expect(statSync(`${path}-wal`).size).toBeLessThan(1024 * 1024);
    vi.advanceTimersByTime(10_000);
    expect(autocheckpoint()).toBe(WAL_AUTOCHECKPOINT_PAGES);
    // ~500 pages more take the WAL past 1 MiB: the next look starts the worker.
    sizeBefore = statSync(path).size;
    db.transaction(() => {
      for (let index = 0; index < 500; index++) insert.run(Buffer.alloc(4000, index % 256));
    })();
    vi.advanceTimersByTime(1_000);
    expect(autocheckpoint()).toBeGreaterThan(WAL_AUTOCHECKPOINT_PAGES);
  } finally {
    vi.useRealTimers();
  }
  try {
    // And it copies the WAL back into the file.
    await expect.poll(() => statSync(path).size - sizeBefore, { timeout: 10_000, interval: 20 }).toBeGreaterThan(500 * 4000);
  } finally {
    await checkpointer.stop();
    db.close();
  }
});

it('does not start for a database in memory, which no worker can open', () => {
  const db = openDatabase(':memory:');
  try {
    const checkpointer = new WalCheckpointer(db);
    checkpointer.start();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
  } finally {
    db.close();
  }
});

describe('the checkpoint schedule', () => {
  const { quickMs, slowMs, framesPerCheckpoint } = CHECKPOINT_SCHEDULE;

  it('checkpoints each second while the WAL grows slowly, and each quarter second once it would pass its threshold within a second', () => {
    expect([quickMs, slowMs]).toEqual([250, 1000]);
    // Nothing written, or a steady stream of lookups (~2,000 pages a second): a second apart.
    expect(nextCheckpointMs(0, 1000, CHECKPOINT_SCHEDULE)).toBe(slowMs);
    expect(nextCheckpointMs(500, 250, CHECKPOINT_SCHEDULE)).toBe(slowMs);
    expect(nextCheckpointMs(framesPerCheckpoint, 1000, CHECKPOINT_SCHEDULE)).toBe(slowMs);
    // Pages of users recorded (~6,000 pages a second), or a burst in the last quarter second: quickly.
    expect(nextCheckpointMs(6000, 1000, CHECKPOINT_SCHEDULE)).toBe(quickMs);
    expect(nextCheckpointMs(framesPerCheckpoint / 2, 250, CHECKPOINT_SCHEDULE)).toBe(quickMs);
  });
});

it('keeps checkpointing at its quick interval while writes keep coming, though its slow one is ten minutes', async () => {
  const path = join(dir, 'stream.db');
  const db = openDatabase(path);
  // Any growth between two checkpoints is fast enough for the quick interval.
  const checkpointer = new WalCheckpointer(db, { schedule: { quickMs: 20, slowMs: 600_000, framesPerCheckpoint: 1 }, startAtWalBytes: 0 });
  db.exec('CREATE TABLE blobs (data BLOB)');
  const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
  const write = db.transaction(() => {
    for (let index = 0; index < 20; index++) insert.run(Buffer.alloc(4000, index % 256));
  });
  // 8,000 pages, 20 every 2 ms (every quick interval sees some): under the serving connection's own
  // threshold, so only the worker copies them.
  let rounds = 0;
  const writes = setInterval(() => {
    write();
    if (++rounds === 400) clearInterval(writes);
  }, 2);
  try {
    const sizeBefore = statSync(path).size;
    checkpointer.start();
    // With a slow interval after any checkpoint but the last, the file would stop growing for ten minutes.
    await expect.poll(() => statSync(path).size - sizeBefore, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(8000 * 4000);
  } finally {
    clearInterval(writes);
    await checkpointer.stop();
    db.close();
  }
});
