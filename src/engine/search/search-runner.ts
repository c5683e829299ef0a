import type { Database } from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { checkpointingThread, startDatabaseThread, type DatabaseThreadMessage } from '../store/database-thread';

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

/** Across runners: answers from a shared thread are told apart by id. */
let nextId = 1;

/**
 * Searches on a worker thread with its own read-only connection: a count over a word every exchange
 * holds takes tens of milliseconds at 200,000 exchanges, and on the engine's event loop that would
 * be that long without answering SCIM requests. WAL lets this connection read while the engine
 * writes. While the engine serves, that is the thread that checkpoints the database
 * (store/database-thread.ts: one thread, one isolate less); otherwise a worker of its own starts on
 * the first search. Neither keeps the process alive. Should the worker fail (it cannot load the
 * driver, it dies) or end (the engine stops checkpointing), searches go on in-thread on the engine's
 * connection: slower for SCIM meanwhile, but the inspector keeps working.
 */
export class WorkerSearchRunner implements SearchRunner {
  private worker: Worker | undefined;
  /** Whether the worker is this runner's own (ended by close) or the checkpointing thread it shares. */
  private owned = false;
  private detach: (() => void) | undefined;
  private fallback: SearchRunner | undefined;
  private readonly pending = new Map<number, { queries: ReadQuery[]; resolve: (results: unknown[]) => void; reject: (error: Error) => void }>();

  constructor(private readonly db: Database) {}

  run(queries: ReadQuery[]): Promise<unknown[]> {
    if (this.fallback) return this.fallback.run(queries);
    const worker = this.start();
    const id = nextId++;
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
    this.detach?.();
    this.detach = undefined;
    if (worker && this.owned) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const shared = checkpointingThread(this.db);
    const worker = shared ?? startDatabaseThread(this.db);
    this.owned = !shared;
    const answer = (message: DatabaseThreadMessage) => {
      // A shared thread's checkpoint failures carry no id, and other runners' answers are theirs.
      if (message.id === undefined || !this.pending.has(message.id)) return;
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.results!);
    };
    worker.on('message', answer);
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
    this.detach = () => {
      worker.off('message', answer);
      worker.off('error', fail);
      worker.off('exit', fail);
    };
    this.worker = worker;
    return worker;
  }
}

export function searchRunnerFor(db: Database): SearchRunner {
  return db.memory || db.name === '' ? inThreadRunner(db) : new WorkerSearchRunner(db);
}
