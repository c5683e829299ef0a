import type { Database, Statement } from 'better-sqlite3';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { INDEXER_ROWS_SQL, searchableOf, type IndexerRow } from './search-index';
import { searchDocument, type SearchableExchange } from './search-text';
import { judgeExchange, type JudgeableExchange } from '../verdicts/judge';
import { parseBody, type ParsedBodies } from '../verdicts/exchange-facts';
import type { VerdictFinding } from '../../shared/verdicts';
import type { FaultActionKind } from '../../shared/faults';
import { parseJsonOrUndefined } from '../../shared/json-values';
import { BusyShare } from './busy-share';

/** Exchanges in a range that have no verdict yet, with what judging them needs (the indexer's row). */
const UNJUDGED_ROWS_SQL = `SELECT e.id, method, url, status, session_id, workspace, client, operation, request, response, notes, connection_test, injected,
         request_body, response_body,
         0 AS has_changes, NULL AS verdicts
  FROM exchanges e WHERE e.id > ? AND e.id <= ? AND NOT EXISTS (SELECT 1 FROM exchange_verdicts j WHERE j.exchange_id = e.id) ORDER BY e.id LIMIT ?`;

/** How often the indexer looks for exchanges to index: the live feed's pace (admin/routes/feed.ts). */
export const INDEX_TICK_MS = 250;
/**
 * A batch's time on the event loop (a SCIM request arriving meanwhile waits for it): a batch stops
 * at this budget, commits, and lets requests in before the next one. An exchange with a page of 100
 * users takes ~1 ms to index, a POST's a few hundredths, so a batch still shares FTS5's
 * per-transaction cost among tens to hundreds of rows.
 */
const BATCH_BUDGET_MS = 10;
/** The share of a tick the event loop spent idle (or indexing) for the indexer to take half of the next one. */
const IDLE_SHARE = 0.75;
/** Rows per batch at most (each batch is one transaction: FTS5 writes one segment per transaction). */
const MAX_BATCH_ROWS = 500;
/**
 * Rows read at once within a batch at most. Fewer when the rows cost more: a page is sized to what the
 * batch's budget has left at the recent cost of a row, since a batch that stops at its budget has read
 * the rest of its page for nothing (49 pages of 100 users, ~50 KB each, behind a batch that indexed one).
 */
const READ_PAGE = 50;
/** The cost of indexing a row (ms) assumed before one was measured: small exchanges, a page of READ_PAGE. */
const FIRST_ROW_MS = 0.1;

export interface SearchIndexerOptions {
  /** Failures of a batch (other than another process holding the write lock): the engine log. */
  warn?: (message: string, error?: unknown) => void;
  tickMs?: number;
  batchBudgetMs?: number;
  maxBatchRows?: number;
}

/**
 * Indexes recorded exchanges for the search (migration 9's exchange_search) off the request path:
 * a SCIM request's exchange is written without its index row, and this catches up in batches of
 * one transaction each, every tick and whenever a search or the live feed needs it. The mark
 * (`exchange_search_progress.indexed_through`) lives in the database, so a restart resumes where it
 * stopped and exchanges written by another process (a CLI import while `serve` runs) are indexed
 * too: a batch reads the mark inside its write transaction, so two processes never index a row twice.
 *
 * Indexing in the exchange's own transaction cost SCIM writes 15–45% (FTS5 flushes a segment per
 * transaction); in batches that cost is shared by hundreds of rows.
 */
export class SearchIndexer {
  private readonly statements: {
    mark: Statement;
    setMark: Statement;
    waiting: Statement;
    pending: Statement;
    rows: Statement<[number, number], IndexerRow>;
    insert: Statement;
    remove: Statement;
    insertVerdicts: Statement;
    unjudged: Statement<[number, number, number], IndexerRow>;
  };
  private readonly batch: { immediate: (budgetMs: number) => { indexed: number; more: boolean } };
  private readonly rewrite: { immediate: (id: number) => void };
  private readonly judgeRows: { immediate: (after: number, through: number, limit: number) => void };
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<boolean> | undefined;
  private stopped = false;
  private lastFailure: string | undefined;
  private readonly budgetMs: number;
  private readonly maxRows: number;
  /** The event loop's use at the last tick, and the time batches took since. */
  private loopAtTick: EventLoopUtilization | undefined;
  private indexingMs = 0;
  private ticking = false;
  /** The recent cost of indexing one row (ms, a moving average over batches): how many rows a page reads. */
  private rowMs = FIRST_ROW_MS;
  private readonly busyShare = new BusyShare();

  constructor(
    private readonly db: Database,
    private readonly options: SearchIndexerOptions = {},
  ) {
    this.budgetMs = options.batchBudgetMs ?? BATCH_BUDGET_MS;
    this.maxRows = options.maxBatchRows ?? MAX_BATCH_ROWS;
    this.statements = {
      mark: db.prepare('SELECT indexed_through FROM exchange_search_progress').pluck(),
      setMark: db.prepare('UPDATE exchange_search_progress SET indexed_through = ?'),
      waiting: db.prepare('SELECT EXISTS (SELECT 1 FROM exchanges WHERE id > (SELECT indexed_through FROM exchange_search_progress))').pluck(),
      pending: db.prepare('SELECT count(*) FROM exchanges WHERE id > (SELECT indexed_through FROM exchange_search_progress)').pluck(),
      rows: db.prepare(INDEXER_ROWS_SQL),
      insert: db.prepare('INSERT INTO exchange_search (rowid, text, op, path, user, notes, facets) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM exchange_search WHERE rowid = ?'),
      insertVerdicts: db.prepare('INSERT OR IGNORE INTO exchange_verdicts (exchange_id, findings) VALUES (?, ?)'),
      unjudged: db.prepare(UNJUDGED_ROWS_SQL),
    };
    this.batch = db.transaction((budgetMs: number) => this.indexRows(budgetMs));
    this.rewrite = db.transaction((id: number) => this.rewriteRow(id));
    this.judgeRows = db.transaction((after: number, through: number, limit: number) => {
      for (const row of this.statements.unjudged.all(after, through, limit)) this.judged(row);
    });
  }

  /** Indexes every tick from now on (`serve`, the desktop app); the timer never keeps the process alive. */
  start(): void {
    if (this.timer || this.stopped) return;
    const tickMs = this.options.tickMs ?? INDEX_TICK_MS;
    this.loopAtTick = performance.eventLoopUtilization();
    this.timer = setInterval(() => {
      // A tick still yielding between its batches when the next is due: that one is skipped.
      if (this.ticking) return;
      this.ticking = true;
      void this.tick(tickMs).finally(() => (this.ticking = false));
    }, tickMs).unref();
  }

  /**
   * How long a tick indexes follows how busy the event loop was during the last one, not counting
   * its own batches: half the tick when it was mostly idle (a large file just opened catches up at
   * about half speed, and the engine stays responsive), a 2% share of it (busy-share.ts) once other
   * work (SCIM traffic) took a quarter of it or more. A load test outruns that share, and its rows
   * wait for it to end (a search meanwhile indexes what it needs or says how many wait).
   */
  private async tick(tickMs: number): Promise<void> {
    const now = performance.eventLoopUtilization();
    const since = performance.eventLoopUtilization(now, this.loopAtTick);
    this.loopAtTick = now;
    const elapsedMs = since.idle + since.active;
    const othersMs = Math.max(0, since.active - this.indexingMs);
    this.indexingMs = 0;
    const idleShare = elapsedMs > 0 ? Math.max(0, 1 - othersMs / elapsedMs) : 1;
    if (idleShare > IDLE_SHARE) {
      this.busyShare.reset();
      await this.drain(tickMs / 2, true);
      return;
    }
    const budgetMs = this.busyShare.budgetFor(elapsedMs);
    if (budgetMs === 0) return;
    try {
      await this.drain(budgetMs, true);
    } finally {
      // The batches' own time (indexBatch adds it up from 0 at each tick), not the turns between them.
      this.busyShare.spent(this.indexingMs);
    }
  }

  /** Stops for good (before the connection closes): no batch runs after this returns. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Every exchange with an id up to this one is indexed. */
  indexedThrough(): number {
    return this.statements.mark.get() as number;
  }

  /**
   * Exchanges recorded but not indexed yet. A count of the rows above the mark, which reads the
   * table's pages: tens of milliseconds with a large backlog, so not for the event loop's hot paths.
   */
  pending(): number {
    return this.statements.pending.get() as number;
  }

  /**
   * One batch, in one transaction, within the time budget. Returns whether more exchanges wait.
   * Skipped (false) when nothing waits, when stopped, and when another process holds the write
   * lock: the next tick tries again.
   */
  indexBatch(budgetMs = this.budgetMs): boolean {
    if (this.stopped || !this.db.open || this.db.inTransaction) return false;
    const started = performance.now();
    try {
      if (this.statements.waiting.get() !== 1) return false;
      const { more } = this.batch.immediate(Math.min(budgetMs, this.budgetMs));
      this.lastFailure = undefined;
      return more;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') this.warnOnce(error);
      return false;
    } finally {
      this.indexingMs += performance.now() - started;
    }
  }

  /**
   * An exchange changed after it was written (a fault rule's answer recorded over the engine's, see
   * faults/fault-hooks.ts): its index row is written again if the indexer has already written one
   * (above the mark there is none yet, and the batch will read the row as it is now). Skipped, with
   * a warning, while another process holds the write lock.
   */
  reindex(id: number): void {
    if (this.stopped || !this.db.open) return;
    try {
      if (this.db.inTransaction) this.rewriteRow(id);
      else this.rewrite.immediate(id);
    } catch (error) {
      this.warnOnce(error);
    }
  }

  /**
   * Judges the first `limit` exchanges with `after < id <= through` that have no verdict yet: the live
   * feed's rows, which it sends with their verdict while the indexer, which judges every exchange it
   * reaches, may be behind a burst of traffic. Skipped while another process holds the write lock:
   * those rows go out unjudged (marked as such) and get their verdict when the indexer reaches them.
   */
  judgeBetween(after: number, through: number, limit: number): void {
    if (this.stopped || !this.db.open || this.db.inTransaction || through <= Math.max(after, this.indexedThrough())) return;
    try {
      this.judgeRows.immediate(Math.max(after, this.indexedThrough()), through, limit);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') this.warnOnce(error);
    }
  }

  private rewriteRow(id: number): void {
    if (id > this.indexedThrough()) return;
    const row = this.statements.rows.get(id - 1, 1);
    if (row?.id !== id) return;
    const { exchange, parsed } = this.judged(row);
    const document = searchDocument(exchange, row.connection_test === 1, parsed);
    this.statements.remove.run(id);
    this.statements.insert.run(id, document.text, document.op, document.path, document.user, document.notes, document.facets);
  }

  /**
   * Batches one after the other, letting the event loop run between them, until nothing waits,
   * `budgetMs` has passed, or a batch cannot run. Resolves with whether none waits now.
   * Without a budget: what tests await instead of sleeping. Concurrent callers share one run.
   */
  catchUp(budgetMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (this.draining && budgetMs === Number.POSITIVE_INFINITY) return this.draining;
    const run = this.drain(budgetMs);
    if (budgetMs === Number.POSITIVE_INFINITY) {
      this.draining = run;
      void run.finally(() => {
        if (this.draining === run) this.draining = undefined;
      });
    }
    return run;
  }

  /**
   * Batches until `budgetMs` has passed or none waits. `yieldToTraffic` (the timer's runs): also
   * stops as soon as other work took a quarter of the time since it began, so SCIM requests that
   * start arriving during a catch-up have the loop back within a batch or two.
   */
  private async drain(budgetMs: number, yieldToTraffic = false): Promise<boolean> {
    const started = performance.now();
    const deadline = started + budgetMs;
    const loopAtStart = performance.eventLoopUtilization();
    const indexingAtStart = this.indexingMs;
    while (this.indexBatch(deadline - performance.now()) && performance.now() < deadline) {
      await yieldToEventLoop();
      if (yieldToTraffic) {
        const loop = performance.eventLoopUtilization(loopAtStart);
        const othersMs = loop.active - (this.indexingMs - indexingAtStart);
        if (othersMs > (1 - IDLE_SHARE) * (performance.now() - started)) break;
      }
    }
    return this.caughtUp();
  }

  /** Whether every exchange is indexed (true once stopped: nothing more will be). */
  caughtUp(): boolean {
    return this.stopped || !this.db.open || this.statements.waiting.get() !== 1;
  }

  private indexRows(budgetMs: number): { indexed: number; more: boolean } {
    const started = performance.now();
    const { rows, insert, setMark } = this.statements;
    let mark = this.indexedThrough();
    let indexed = 0;
    let more = true;
    read: while (indexed < this.maxRows) {
      const left = budgetMs - (performance.now() - started);
      const page = rows.all(mark, Math.max(1, Math.min(READ_PAGE, this.maxRows - indexed, Math.ceil(left / this.rowMs))));
      if (page.length === 0) {
        more = false;
        break;
      }
      for (const row of page) {
        const { exchange, parsed } = this.judged(row);
        const document = searchDocument(exchange, row.connection_test === 1, parsed);
        insert.run(row.id, document.text, document.op, document.path, document.user, document.notes, document.facets);
        mark = row.id;
        indexed += 1;
        if (performance.now() - started > budgetMs) break read;
      }
    }
    if (indexed > 0) {
      setMark.run(mark);
      this.rowMs = Math.max(0.01, (this.rowMs + (performance.now() - started) / indexed) / 2);
    }
    return { indexed, more };
  }

  /**
   * The row as the search reads it, with its verdict: one recorded before verdicts (migration 14) is judged here and kept.
   * Judged here, its bodies are parsed once, for the verdict and the search text both.
   */
  private judged(row: IndexerRow) {
    // One object, judged and then given its verdict and fault: no copies of the row per step.
    const exchange: SearchableExchange & JudgeableExchange = searchableOf(row);
    let parsed: ParsedBodies | undefined;
    if (row.verdicts === null) {
      parsed = { request: parseBody(exchange.request.body), response: parseBody(exchange.response.body) };
      exchange.parsedBodies = parsed;
      const verdicts = judgeExchange(exchange);
      this.statements.insertVerdicts.run(row.id, verdicts.length === 0 ? '[]' : JSON.stringify(verdicts));
      exchange.verdicts = verdicts;
    } else {
      // Read forgivingly, as the rest of the row is: no row may stop the indexer.
      const stored = row.verdicts === '[]' ? [] : parseJsonOrUndefined(row.verdicts);
      exchange.verdicts = Array.isArray(stored) ? (stored as VerdictFinding[]) : [];
    }
    const injected = row.injected === null ? undefined : (parseJsonOrUndefined(row.injected) as { action?: unknown } | undefined);
    if (typeof injected?.action === 'string') exchange.injected = { action: injected.action as FaultActionKind };
    return { exchange, parsed };
  }

  /** A batch that fails fails again each tick: said once, until one succeeds. */
  private warnOnce(error: unknown): void {
    const message = (error as Error).message;
    if (message === this.lastFailure) return;
    this.lastFailure = message;
    this.options.warn?.(`The search index could not be brought up to date: ${message}`, error);
  }
}
