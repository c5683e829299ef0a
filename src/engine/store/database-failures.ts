import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What a failed SQLite statement says about the database itself rather than about the request.
 * better-sqlite3 puts SQLite's extended result code on the error (`SQLITE_BUSY_SNAPSHOT`…).
 */
const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/**
 * Another connection holds the write lock (SQLITE_BUSY once the short busy timeout is over), or
 * committed since this transaction read (SQLITE_BUSY_SNAPSHOT): a later attempt may succeed.
 */
export function isDatabaseBusy(error: unknown): boolean {
  return codeOf(error).startsWith('SQLITE_BUSY');
}

/**
 * The disk (or the database's page limit) is full: SQLITE_FULL, or an I/O error on a file system
 * with no space left. SQLite reports ENOSPC during a write as SQLITE_IOERR_WRITE without the errno,
 * so the free space of the database's directory decides.
 */
export function isDiskFull(error: unknown, databasePath: string): boolean {
  const code = codeOf(error);
  if (code === 'SQLITE_FULL') return true;
  if (!code.startsWith('SQLITE_IOERR') || databasePath === ':memory:' || databasePath === '') return false;
  try {
    const space = statfsSync(dirname(databasePath));
    return space.bavail * space.bsize < MIN_FREE_BYTES;
  } catch {
    return false;
  }
}

/** Less free space than this after a failed write counts as full (a write needs a few pages). */
const MIN_FREE_BYTES = 1024 * 1024;
