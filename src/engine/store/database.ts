import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { isDefaultDataDir } from '../data-dir';
import { ensureDirForPrivateFiles, ensurePrivateDir, ensurePrivateFile, tightenFile } from '../files/private-files';
import { migrate } from './migrations';
import { chooseIncrementalVacuum, switchToIncrementalVacuum } from './compaction';

export type { Database } from 'better-sqlite3';

/** Unicode case folding for attributes that are not caseExact; SQLite's lower() folds ASCII only. */
export const foldCase = (value: string): string => value.toLowerCase();

/**
 * The page cache is an upper bound, not an allocation: it only grows as far as the file is read.
 * Reads go through it, not through a memory map: every page a map touched stayed in the server's
 * resident set (~80 MB more after a load over 100,000 users, `npm run bench -- --only memory`),
 * while a lookup through the cache cost no more CPU (pages past the cache come from the kernel's
 * page cache, outside the process) and a list page of 100 no more either.
 */
const MMAP_BYTES = 0;
/** WAL pages after which a COMMIT checkpoints, when no background checkpointer runs (see wal-checkpointer.ts). */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;
/**
 * The serving connection's page cache: 8 MiB holds every B-tree's inner pages of an IdP's scattered
 * lookups (a few hundred KiB at 100,000 users). Past that it holds leaves, which pay only while the
 * whole table fits: a `userName eq` lookup cost 15 µs of CPU at 10,000 users with 16 MiB, 17-20 with
 * 8 MiB, 23 with 4 MiB; at 100,000 users 15-21 µs whatever the size, since random leaves miss anyway.
 * There 16 MiB filled up and stayed resident: 8 MiB more of the `serve` goal of 150 MB after a load
 * (`npm run bench -- --only memory`) for no speed.
 */
const CACHE_KIB = 8 * 1024;

/** How long a statement waits for another connection's write lock (see serveFromEventLoop for servers). */
export const OPEN_BUSY_TIMEOUT_MS = 5000;
const SERVING_BUSY_TIMEOUT_MS = 5;

/**
 * Opens (creating if needed) a workbench database: WAL so readers never wait for the
 * writer, foreign keys on, migrations applied. The file holds workspace tokens, so it
 * is made readable by its owner only (see prepareDatabaseFiles).
 */
export function openDatabase(path: string): Database.Database {
  // An empty file counts as new: prepareDatabaseFiles creates it (0600) before SQLite writes a page.
  const isNew = path === ':memory:' || !existsSync(path) || statSync(path).size === 0;
  if (path !== ':memory:') prepareDatabaseFiles(path);
  let db: Database.Database;
  try {
    // A statement that finds another process's write lock waits for it (the CLI's one-shot
    // commands, opening and migrating); a connection that serves HTTP waits less (see below).
    db = new Database(path, { timeout: OPEN_BUSY_TIMEOUT_MS });
    // Before WAL: the vacuum mode of a file is fixed once anything is written to it.
    if (isNew) chooseIncrementalVacuum(db);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    // The SQLite code (SQLITE_NOTADB, SQLITE_BUSY…) stays on the error: the desktop app's dialog reads it.
    const code = (error as { code?: unknown }).code;
    throw Object.assign(
      new Error(`Cannot open the database at ${path}: ${(error as Error).message}`, { cause: error }),
      typeof code === 'string' ? { code } : {},
    );
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // See CACHE_KIB for the page cache's size, MMAP_BYTES for why there is no memory map.
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    db.pragma(`cache_size = -${CACHE_KIB}`);
    // Checkpoint (copy the WAL back into the file, with an fsync) every ~16 MiB of WAL instead
    // of SQLite's ~4 MiB, and cut the WAL file back to 64 MiB after one.
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    // A deterministic SQL function so that filters fold case inside SQLite, not by
    // scanning rows in JavaScript.
    db.function('scim_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldCase(value) : value));
    migrate(db);
    if (!isNew) switchToIncrementalVacuum(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * The database file is created 0600 before SQLite opens it, because SQLite creates the -wal and
 * -shm files with the database file's mode, and the -wal receives every page (tokens included)
 * before the database file does. An existing install's files, made under a umask of 022 by an older
 * version, are tightened too. The default data directory is the workbench's own and kept 0700; a
 * directory named with --db (a project folder, the current directory) keeps the mode its owner gave it.
 */
function prepareDatabaseFiles(path: string): void {
  try {
    const dir = dirname(path);
    if (isDefaultDataDir(dir)) ensurePrivateDir(dir);
    else ensureDirForPrivateFiles(dir);
    ensurePrivateFile(path);
    tightenFile(`${path}-wal`);
    tightenFile(`${path}-shm`);
  } catch (error) {
    throw new Error(`Cannot open the database at ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * For a connection that answers HTTP requests: SQLite's busy wait is synchronous, so on one event
 * loop a write waiting for another process's lock would freeze every request. A statement here
 * gives up within a few milliseconds (SQLITE_BUSY), and the HTTP layer retries off the loop
 * (http/wait-for-lock.ts).
 *
 * Its temporary storage is memory: each grouped write runs in a savepoint (group-commit.ts), whose
 * sub-journal keeps a copy of every page the write changes; past 64 KiB in a transaction (two or three
 * writes) SQLite moved it to a temporary file, opened, unlinked and written page by page in every
 * group: five system calls more and some twenty writes per POST. In memory it is freed at the COMMIT.
 * Sorts are not affected (SQLite's sorter spills to a file whatever this says).
 */
export function serveFromEventLoop(db: Database.Database): void {
  db.pragma(`busy_timeout = ${SERVING_BUSY_TIMEOUT_MS}`);
  db.pragma('temp_store = MEMORY');
}
