import type { Database } from 'better-sqlite3';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { WAL_AUTOCHECKPOINT_PAGES } from './database';
import { startDatabaseThread, stopDatabaseThread, type DatabaseThreadMessage } from './database-thread';

/**
 * How often the worker copies the WAL back into the database file: each second, or each quarter
 * second while writes come fast enough to add WAL_AUTOCHECKPOINT_PAGES within a second (see
 * nextCheckpointMs). A checkpoint copies the newest copy of each page changed since the last one,
 * and a busy table's last pages and its indexes' change with every commit: at a steady stream of
 * SCIM lookups, checkpointing each quarter second took about 60% more of the worker's CPU than each second
 * (`npm run bench -- --cpu-prof`: the worker thread's profile).
 */
export const CHECKPOINT_SCHEDULE: CheckpointSchedule = { quickMs: 250, slowMs: 1000, framesPerCheckpoint: WAL_AUTOCHECKPOINT_PAGES };
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

export interface CheckpointSchedule {
  quickMs: number;
  slowMs: number;
  /** The WAL's growth between two checkpoints (pages) above which they come quickMs apart. */
  framesPerCheckpoint: number;
}

/**
 * When to checkpoint next, from how far the WAL grew since the last one and in how long: slowMs
 * from now, unless at that pace it would grow past framesPerCheckpoint by then.
 */
export function nextCheckpointMs(grownFrames: number, elapsedMs: number, schedule: CheckpointSchedule): number {
  const framesBySlow = (grownFrames / Math.max(1, elapsedMs)) * schedule.slowMs;
  return framesBySlow > schedule.framesPerCheckpoint ? schedule.quickMs : schedule.slowMs;
}

export interface WalCheckpointerOptions {
  schedule?: CheckpointSchedule;
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
  private next: NodeJS.Timeout | undefined;
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
    const worker = startDatabaseThread(this.db, { checkpoints: true });
    const schedule = this.options.schedule ?? CHECKPOINT_SCHEDULE;
    let warned = false;
    let last = { frames: 0, at: performance.now() };
    const checkpointIn = (ms: number) => {
      this.next = setTimeout(() => worker.postMessage('checkpoint'), ms);
      // The worker is unreferenced too: this timer alone must not keep the process alive.
      this.next.unref();
    };
    worker.on('message', (message: DatabaseThreadMessage) => {
      // Searches' answers carry an id; a checkpoint's outcome does not.
      if (message.id !== undefined || this.worker !== worker) return;
      if (message.error !== undefined && !warned) {
        warned = true;
        this.options.warn?.(`The database's write-ahead log could not be copied back in the background: ${message.error}`);
      }
      const frames = message.walFrames ?? -1;
      if (frames < 0) return checkpointIn(schedule.quickMs);
      // Fewer frames than last time: a writer started the WAL over after a complete checkpoint.
      const now = { frames, at: performance.now() };
      const grown = frames >= last.frames ? frames - last.frames : frames;
      checkpointIn(nextCheckpointMs(grown, now.at - last.at, schedule));
      last = now;
    });
    const fail = () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      clearTimeout(this.next);
      this.setAutocheckpoint(WAL_AUTOCHECKPOINT_PAGES);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    this.setAutocheckpoint(SAFETY_AUTOCHECKPOINT_PAGES);
    checkpointIn(schedule.quickMs);
  }

  /** Stops the worker (it closes its connection first); the serving connection checkpoints itself again. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watch);
    this.watch = undefined;
    clearTimeout(this.next);
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
