import type { Database } from 'better-sqlite3';
import { statSync } from 'node:fs';

/**
 * Giving pruned space back to the disk. SQLite keeps deleted pages in the file for reuse; with
 * `auto_vacuum = INCREMENTAL` they can be released a few at a time (`incremental_vacuum`), without
 * the full rewrite (and the second copy of the file) a VACUUM needs. The mode can only be chosen
 * before the first table exists, or switched by one VACUUM.
 */

/** SQLite's value of `PRAGMA auto_vacuum` for INCREMENTAL. */
const INCREMENTAL = 2;

/**
 * Files up to this size are switched with one VACUUM when first opened by this release: a rewrite of
 * at most this much takes well under a second. A larger file keeps its mode: its pruned pages are
 * still reused by new exchanges, so it stops growing, it just does not shrink.
 */
export const SWITCH_WITH_VACUUM_MAX_BYTES = 64 * 1024 * 1024;

/** For a new file: must run before anything writes to it (even `journal_mode = WAL`). */
export function chooseIncrementalVacuum(db: Database): void {
  db.pragma('auto_vacuum = INCREMENTAL');
}

/**
 * For a file made before: switches it if it is small enough (see above). Never fails the open: when
 * another process holds the file the VACUUM cannot run, and the next open tries again.
 */
export function switchToIncrementalVacuum(db: Database, path: string): void {
  if (path === ':memory:' || db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return;
  try {
    if (statSync(path).size > SWITCH_WITH_VACUUM_MAX_BYTES) return;
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
  } catch {
    // Busy or read-only: the file keeps its mode for now.
  }
}

export function incrementalVacuumEnabled(db: Database): boolean {
  return db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL;
}

/** Pages a compaction step releases: 8 MiB of 4 KiB pages, a few milliseconds of writes. */
export const COMPACTION_STEP_PAGES = 2048;

/**
 * Releases up to `pages` free pages at the end of the file; returns how many free pages remain
 * (all of them, untouched, in a file without incremental vacuum: new rows reuse them).
 */
export function releaseFreePages(db: Database, pages: number = COMPACTION_STEP_PAGES): number {
  if (incrementalVacuumEnabled(db)) db.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
  return db.pragma('freelist_count', { simple: true }) as number;
}

/** Copies the WAL back into the file (without waiting for readers), so a shrink reaches the disk. */
export function checkpoint(db: Database): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}
