import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import type { RetentionSettings } from '../settings/retention-settings';
import { checkpoint, releaseFreePages } from '../store/compaction';
import type { ExchangeRetentionStore, RetentionScope } from '../store/exchange-retention';
import { DEFAULT_WORKSPACE, type WorkspaceStore } from '../store/workspaces';
import type { RecordingStore } from '../store/recordings';
import type { Recorder } from './recorder';
import { isDatabaseBusy } from '../store/database-failures';

/** Exchanges deleted per transaction: a few milliseconds of write lock, so SCIM writes barely wait. */
export const PRUNE_BATCH = 500;
/** How often the SCIM listener runs a pass. */
export const RETENTION_INTERVAL_MS = 60_000;
/** …or sooner, after this many exchanges: a minute of a fast client (thousands a second) is more than a limit's worth. */
export const RETENTION_AFTER_EXCHANGES = 20_000;
/** How often the listener looks whether a pass is due. */
const CHECK_MS = 5_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MEGABYTE = 1024 * 1024;

export interface RetentionPassResult {
  /** Exchanges deleted. */
  removed: number;
  /** Free pages left in the file afterwards (0 once compaction has given them all back). */
  freePages: number;
}

export interface RetentionOptions {
  db: Database;
  store: ExchangeRetentionStore;
  workspaces: WorkspaceStore;
  recorder: Recorder;
  /** Exports in progress hold pruning off (see RecordingStore.activeExports). */
  recordings: Pick<RecordingStore, 'activeExports'>;
  now: () => number;
}

/**
 * Keeps each workspace's recorded traffic within its `retention` settings: a pass removes the oldest
 * exchanges of live sessions first, in small transactions with a turn of the event loop between them
 * (off the request path: requests are served between batches), then gives the freed pages back to
 * the disk a few MB at a time. Exchanges addressed to no existing workspace (a typo, a deleted
 * workspace, a scanner) are one pool under the default workspace's limits. Imported sessions are
 * never pruned: the user loaded them on purpose and deletes them when done.
 */
export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionPassResult> | undefined;
  /** When the last pass started (monotonic ms) and how many exchanges had been recorded then. */
  private lastPass = { at: performance.now(), recorded: 0 };

  constructor(private readonly options: RetentionOptions) {}

  /**
   * Runs a pass every RETENTION_INTERVAL_MS, or sooner once RETENTION_AFTER_EXCHANGES have been
   * recorded since the last, until `stop` (the timer does not keep the process alive).
   */
  start(): void {
    this.lastPass = { at: performance.now(), recorded: this.options.recorder.recordedCount };
    this.timer ??= setInterval(() => {
      if (!this.isDue()) return;
      this.run().catch((error: Error) => this.options.recorder.warn(`SCIM Workbench could not prune recorded traffic: ${error.message}`, error));
    }, CHECK_MS).unref();
  }

  /** Whether the timer would start a pass now. */
  isDue(): boolean {
    return (
      performance.now() - this.lastPass.at >= RETENTION_INTERVAL_MS || this.options.recorder.recordedCount - this.lastPass.recorded >= RETENTION_AFTER_EXCHANGES
    );
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass; a call while one runs gets that one. */
  run(): Promise<RetentionPassResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<RetentionPassResult> {
    const { recorder, workspaces } = this.options;
    this.lastPass = { at: performance.now(), recorded: recorder.recordedCount };
    try {
      // The dropped-request counts are written first, so they are pruned like any other row.
      recorder.unauthenticated.reportDropped();
      recorder.flush();
    } catch (error) {
      // A full disk is when pruning matters most: go on to it.
      // Locked by another process, the recorder tries again by itself.
      if (!isDatabaseBusy(error)) recorder.warn(`SCIM Workbench could not record exchanges: ${(error as Error).message}`, error);
    }
    let removed = 0;
    for (const workspace of workspaces.list()) {
      removed += await this.prune({ workspace: workspace.slug }, workspace.settings.retention);
    }
    // The workbench may have closed during a batch's turn of the event loop.
    if (!this.options.db.open) return { removed, freePages: 0 };
    const defaults = workspaces.find(DEFAULT_WORKSPACE)?.settings.retention;
    if (defaults) removed += await this.prune({ orphans: true }, defaults);
    return { removed, freePages: removed > 0 ? await this.compact() : this.freePages() };
  }

  /** Deletes the scope's oldest exchanges while any limit is passed; returns how many. */
  private async prune(scope: RetentionScope, limits: RetentionSettings): Promise<number> {
    const { db, store, now } = this.options;
    const cutoff = limits.days === null ? null : new Date(now() - limits.days * DAY_MS).toISOString();
    const maxBytes = limits.megabytes === null ? null : limits.megabytes * MEGABYTE;
    let removed = 0;
    // An export streaming a session reads it a page at a time: deleting its oldest rows between two
    // pages would leave them out of the file without a word. The next pass prunes them.
    while (db.open && this.options.recordings.activeExports === 0) {
      let { exchanges, bytes } = store.usage(scope);
      const overCount = () => limits.exchanges !== null && exchanges > limits.exchanges;
      const overSize = () => maxBytes !== null && bytes > maxBytes;
      if (!overCount() && !overSize() && cutoff === null) break;
      const doomed: number[] = [];
      // Oldest first and without gaps: the newest exchanges are always the ones kept.
      for (const candidate of store.oldest(scope, PRUNE_BATCH)) {
        if (!overCount() && !overSize() && !(cutoff !== null && candidate.started < cutoff)) break;
        doomed.push(candidate.id);
        exchanges -= 1;
        bytes -= candidate.bytes;
      }
      const deleted = store.remove(doomed);
      removed += deleted;
      if (deleted === 0 || doomed.length < PRUNE_BATCH) break;
      await nextTurn();
    }
    return removed;
  }

  /** Gives free pages back to the disk, a step at a time; returns how many are left. */
  private async compact(): Promise<number> {
    const { db } = this.options;
    let left = this.freePages();
    while (db.open && left > 0) {
      const now = releaseFreePages(db);
      if (now >= left) break;
      left = now;
      await nextTurn();
    }
    if (db.open) checkpoint(db);
    return left;
  }

  private freePages(): number {
    const { db } = this.options;
    return db.open ? (db.pragma('freelist_count', { simple: true }) as number) : 0;
  }
}
