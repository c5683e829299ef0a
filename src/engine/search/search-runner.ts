import type { Database } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/** One read of a search: `pluck` answers the first column of the first row, else all rows. */
export interface ReadQuery {
  sql: string;
  params: unknown[];
  pluck?: boolean;
}

/** Runs a search's reads together, in one read transaction (the count and the page agree). */
export interface SearchRunner {
  run(queries: ReadQuery[]): Promise<unknown[]>;
  close(): Promise<void>;
}

/** On the caller's own connection: for a ':memory:' database, which no other connection can open. */
export function inThreadRunner(db: Database): SearchRunner {
  return {
    run: async (queries) => readAll(db, queries),
    close: async () => {},
  };
}

export function readAll(db: Database, queries: ReadQuery[]): unknown[] {
  return db.transaction(() =>
    queries.map((query) => {
      const statement = db.prepare(query.sql);
      return query.pluck ? statement.pluck().get(...query.params) : statement.all(...query.params);
    }),
  )();
}

/**
 * The worker's code, plain JavaScript given as a string so that it runs the same from the TypeScript
 * sources (tsx) and from the bundled app without a build entry of its own. It only executes SQL:
 * parsing and the MATCH expression stay in the engine.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true, timeout: 5000 });
db.pragma('mmap_size = ${256 * 1024 * 1024}');
db.pragma('cache_size = -${32 * 1024}');
const statements = new Map();
const prepared = (sql) => {
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
};
const readAll = db.transaction((queries) => queries.map((query) => {
  const statement = prepared(query.sql);
  return query.pluck ? statement.pluck(true).get(...query.params) : statement.pluck(false).all(...query.params);
}));
parentPort.on('message', ({ id, queries }) => {
  try {
    parentPort.postMessage({ id, results: readAll(queries) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

/**
 * Searches on a worker thread with its own read-only connection: a count over a word every exchange
 * holds takes tens of milliseconds at 200,000 exchanges, and on the engine's event loop that would
 * be that long without answering SCIM requests. WAL lets this connection read while the engine
 * writes. The worker starts on the first search and never keeps the process alive. Should the
 * worker itself fail (it cannot load the driver, it dies), searches go on in-thread on the engine's
 * connection: slower for SCIM meanwhile, but the inspector keeps working.
 */
export class WorkerSearchRunner implements SearchRunner {
  private worker: Worker | undefined;
  private fallback: SearchRunner | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { queries: ReadQuery[]; resolve: (results: unknown[]) => void; reject: (error: Error) => void }>();

  constructor(private readonly db: Database) {}

  run(queries: ReadQuery[]): Promise<unknown[]> {
    if (this.fallback) return this.fallback.run(queries);
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { queries, resolve, reject });
      worker.postMessage({ id, queries });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    for (const waiting of this.pending.values()) waiting.reject(new Error('The search stopped: the engine is closing.'));
    this.pending.clear();
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path: resolve(this.db.name) } });
    worker.unref();
    worker.on('message', (message: { id: number; results?: unknown[]; error?: string }) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.results!);
    });
    const fail = () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.fallback = inThreadRunner(this.db);
      // What was waiting on the worker is answered here instead.
      for (const waiting of this.pending.values()) this.fallback.run(waiting.queries).then(waiting.resolve, waiting.reject);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    return worker;
  }
}

export function searchRunnerFor(db: Database): SearchRunner {
  return db.memory || db.name === '' ? inThreadRunner(db) : new WorkerSearchRunner(db);
}
