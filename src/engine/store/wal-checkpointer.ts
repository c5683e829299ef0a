import type { Database } from 'better-sqlite3';
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

export interface WalCheckpointerOptions {
  intervalMs?: number;
  warn?: (message: string, error?: unknown) => void;
}

/**
 * Copies the WAL back into the database file on a worker thread, off the event loop (the database's
 * background thread, store/database-thread.ts, which also runs the inspector's searches). SQLite's own
 * checkpoint runs inside the COMMIT that crosses the threshold: under a burst of SCIM writes that
 * was one COMMIT in a few hundred paying for copying ~16 MiB and an fsync, some 15% of the writes'
 * time (`npm run bench -- --cpu-prof`). The serving connection keeps a higher threshold as a bound
 * should the worker fall behind; if the worker fails, SQLite's own checkpoints take over again.
 * Started by the engine (a one-shot command never writes enough to matter).
 */
export class WalCheckpointer {
  private worker: Worker | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly options: WalCheckpointerOptions = {},
  ) {}

  start(): void {
    if (this.worker || this.stopped || this.db.memory || this.db.name === '') return;
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
