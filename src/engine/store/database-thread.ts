import type { Database } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';

/**
 * The worker's code, plain JavaScript given as a string so that it runs the same from the TypeScript
 * sources (tsx) and from the bundled app without a build entry of its own. Two jobs, each on a
 * connection of its own:
 * - with `checkpoints`, a PASSIVE checkpoint each time the engine says 'checkpoint' (store/wal-checkpointer.ts
 *   decides when), answered with the WAL's frame count. PASSIVE never takes the write lock and never
 *   waits for readers, so the engine's writes go on meanwhile; a checkpoint that finds another one
 *   running (SQLITE_BUSY) is skipped;
 * - searches' reads, on a read-only connection (search/search-runner.ts). It only executes SQL: parsing
 *   and the MATCH expression stay in the engine.
 * Both connections are opened at start: a file the worker cannot open ends it (an 'error'), and the
 * engine takes both jobs back.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const reader = new Database(workerData.path, { readonly: true, fileMustExist: true, timeout: 5000 });
reader.pragma('mmap_size = ${256 * 1024 * 1024}');
reader.pragma('cache_size = -${32 * 1024}');
const statements = new Map();
const prepared = (sql) => {
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = reader.prepare(sql)));
  return statement;
};
const readAll = reader.transaction((queries) => queries.map((query) => {
  const statement = prepared(query.sql);
  return query.pluck ? statement.pluck(true).get(...query.params) : statement.pluck(false).all(...query.params);
}));
let writer;
let checkpoint;
if (workerData.checkpoints) {
  writer = new Database(workerData.path, { fileMustExist: true, timeout: 0 });
  checkpoint = writer.prepare('PRAGMA wal_checkpoint(PASSIVE)');
}
parentPort.on('message', (message) => {
  if (message === 'checkpoint') {
    try {
      parentPort.postMessage({ walFrames: checkpoint.get().log });
    } catch (error) {
      const busy = String(error && error.code).startsWith('SQLITE_BUSY');
      parentPort.postMessage(busy ? { walFrames: -1 } : { error: String(error && error.message || error) });
    }
    return;
  }
  if (message === 'stop') {
    if (writer) writer.close();
    reader.close();
    parentPort.close();
    return;
  }
  const { id, queries } = message;
  try {
    parentPort.postMessage({ id, results: readAll(queries) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

/**
 * What the thread says: a search's answer (with its id), or a checkpoint's outcome (without): the
 * frames in the WAL after it (-1: skipped, another checkpoint was running) or its failure.
 */
export interface DatabaseThreadMessage {
  id?: number;
  results?: unknown[];
  walFrames?: number;
  error?: string;
}

/** The thread that checkpoints a database, while it runs: searches of the same file run on it too. */
const checkpointing = new WeakMap<Database, Worker>();

/**
 * Starts the database's background thread, unreferenced (it never keeps the process alive). One
 * thread for both jobs because each worker thread is a V8 isolate of its own: ~8 MB resident with a
 * connection before it does anything (a worker opening the 100,000-user database, measured with
 * RssAnon), a twelfth of the `serve` goal of 150 MB (`npm run bench -- --only memory`).
 */
export function startDatabaseThread(db: Database, options: { checkpoints?: boolean } = {}): Worker {
  const requireHere = createRequire(import.meta.url);
  const driver = requireHere.resolve('better-sqlite3');
  // Loaded by the first thread, not imported: every command that opens a database would load it (~1–4 ms of CPU).
  const { Worker: Thread } = requireHere('node:worker_threads') as typeof import('node:worker_threads');
  const worker = new Thread(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, path: resolve(db.name), checkpoints: options.checkpoints === true },
  });
  worker.unref();
  if (options.checkpoints) {
    checkpointing.set(db, worker);
    worker.once('exit', () => {
      if (checkpointing.get(db) === worker) checkpointing.delete(db);
    });
  }
  return worker;
}

/** The thread checkpointing this database, if one runs (the engine serving): searches share it. */
export function checkpointingThread(db: Database): Worker | undefined {
  return checkpointing.get(db);
}

/** Tells the thread to close its connections and end; resolves once it has. */
export async function stopDatabaseThread(db: Database, worker: Worker): Promise<void> {
  if (checkpointing.get(db) === worker) checkpointing.delete(db);
  const exited = new Promise<void>((resolveExit) => worker.once('exit', () => resolveExit()));
  // Unreferenced, it would let the process end while this waits for it.
  worker.ref();
  worker.postMessage('stop');
  await exited;
}
