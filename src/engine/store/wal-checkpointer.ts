import type { Database } from 'better-sqlite3';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { WAL_AUTOCHECKPOINT_PAGES } from './database';
import { startDatabaseThread, stopDatabaseThread, type DatabaseThreadMessage } from './database-thread';

/** How often the worker copies the WAL back into the database file. */
const CHECKPOINT_INTERVAL_MS = 250;
/**
 * While the worker runs, the serving connection checkpoints only when the WAL has grown this far
 * (the worker stopped keeping up, or died before saying so): the WAL stays bounded either way.
 */
const SAFETY_AUTOCHECKPOINT_PAGES = 4 * WAL_AUTOCHECKPOINT_PAGES;
/**
 * The worker starts once the WAL file has grown this far: a worker thread with its own better-sqlite3
 * costs ~0.1 s of CPU to start, which most runs (a test's server, a short session) would pay for
 * nothing, their WAL never nearing the serving connection's own checkpoint (~16 MiB, 4,000 pages).
 */
const START_AT_WAL_BYTES = 1024 * 1024;
/** How often, until then, the WAL file's size is looked at (one stat, off any request). */
const WATCH_INTERVAL_MS = 500;

export interface WalCheckpointerOptions {
  intervalMs?: number;
  /** The WAL file's size from which the worker runs (tests start it at once with 0). */
  startAtWalBytes?: number;
  watchIntervalMs?: number;
  warn?: (message: string, error?: unknown) => void;
}

/**
 * Copies the WAL back into the database file on a worker thread, off the event loop (the database's
 * background thread, store/database-thread.ts, which also runs the inspector's searches). SQLite's own
 * checkpoint runs inside the COMMIT that crosses the threshold: under a burst of SCIM writes that
 * was one COMMIT in a few hundred paying for copying ~16 MiB and an fsync, some 15% of the writes'
 * time (`npm run bench -- --cpu-prof`). The serving connection keeps a higher threshold as a bound
 * should the worker fall behind; if the worker fails, SQLite's own checkpoints take over again.
 * Started by the engine (a one-shot command never writes enough to matter), and then only once the
 * WAL has grown past START_AT_WAL_BYTES (SQLite's own checkpoints stay in force until then, and a
 * WAL that size costs little to copy). SQLite never shrinks the file below its high-water mark
 * (journal_size_limit is 64 MiB), so its size says how far writes have taken it, from this
 * connection or another process.
 */
export class WalCheckpointer {
  private worker: Worker | undefined;
  private watch: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly options: WalCheckpointerOptions = {},
  ) {}

  start(): void {
    if (this.worker || this.watch || this.stopped || this.db.memory || this.db.name === '') return;
    const walPath = `${resolve(this.db.name)}-wal`;
    const startAt = this.options.startAtWalBytes ?? START_AT_WAL_BYTES;
    const walGrown = () => {
      try {
        return (statSync(walPath, { throwIfNoEntry: false })?.size ?? 0) >= startAt;
      } catch {
        return false;
      }
    };
    if (walGrown()) return this.startWorker();
    this.watch = setInterval(() => {
      if (!walGrown()) return;
      clearInterval(this.watch);
      this.watch = undefined;
      this.startWorker();
    }, this.options.watchIntervalMs ?? WATCH_INTERVAL_MS);
    this.watch.unref();
  }

  private startWorker(): void {
    if (this.stopped || !this.db.open) return;
    const worker = startDatabaseThread(this.db, { checkpointIntervalMs: this.options.intervalMs ?? CHECKPOINT_INTERVAL_MS });
    let warned = false;
    worker.on('message', (message: DatabaseThreadMessage) => {
      // Searches' answers carry an id; a checkpoint's failure does not.
      if (message.id !== undefined || message.error === undefined || warned) return;
      warned = true;
      this.options.warn?.(`The database's write-ahead log could not be copied back in the background: ${message.error}`);
    });
    const fail = () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.setAutocheckpoint(WAL_AUTOCHECKPOINT_PAGES);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    this.setAutocheckpoint(SAFETY_AUTOCHECKPOINT_PAGES);
  }

  /** Stops the worker (it closes its connection first); the serving connection checkpoints itself again. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watch);
    this.watch = undefined;
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    this.setAutocheckpoint(WAL_AUTOCHECKPOINT_PAGES);
    await stopDatabaseThread(this.db, worker);
  }

  private setAutocheckpoint(pages: number): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${pages}`);
  }
}
