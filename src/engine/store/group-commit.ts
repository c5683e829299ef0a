import type { Database, Statement } from 'better-sqlite3';

interface Waiting {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Outcome {
  waiting: Waiting;
  ok: boolean;
  value: unknown;
}

export interface GroupCommitOptions {
  /**
   * Runs inside each group's transaction before its writes, in a savepoint of its own: work that
   * would otherwise commit on its own (the recorder's waiting reads). A failure undoes only it and
   * goes to `onPreludeError`; the writes go on.
   */
  prelude?: () => void;
  onPreludeError?: (error: unknown) => void;
  /** When a group runs after its first write arrived: the next turn of the event loop (tests may step it by hand). */
  schedule?: (run: () => void) => void;
}

/**
 * Group commit: the writes that arrive within one turn of the event loop share one transaction.
 * Each runs in its own SAVEPOINT, so one that throws undoes only itself and its caller gets its
 * error while the others go on; every promise settles only after the shared COMMIT, so nothing is
 * acknowledged before it is in the WAL (a kill -9 after the answer loses nothing). A COMMIT that
 * fails fails every write of the group.
 *
 * Why: on this machine a commit is a dozen system calls plus a WAL frame for every page it touched,
 * and the writes of one moment touch the same pages (the tails of the exchange, version and verdict
 * tables, the running totals); sharing the commit pays for them once. The group runs synchronously
 * from its own turn of the loop, so no other code (a read on the same connection) ever sees its
 * writes before they are committed.
 *
 * The transaction takes the write lock first (BEGIN IMMEDIATE). When another process holds it, every
 * write of the group fails with SQLITE_BUSY before running, so each may simply be tried again
 * (http/wait-for-lock.ts).
 */
export class GroupCommit {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private readonly schedule: (run: () => void) => void;
  private readonly sql: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Statement>;

  constructor(
    private readonly db: Database,
    private readonly options: GroupCommitOptions = {},
  ) {
    this.schedule = options.schedule ?? ((run) => setImmediate(run));
    this.sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT group_write'),
      release: db.prepare('RELEASE group_write'),
      rollbackTo: db.prepare('ROLLBACK TO group_write'),
    };
  }

  /** Runs `work` (synchronous) in the next group's transaction; resolves with its result once that has committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      this.schedule(() => this.flush());
    });
  }

  /** Writes waiting for their group. */
  get size(): number {
    return this.waiting.length;
  }

  private flush(): void {
    this.scheduled = false;
    let group = this.waiting;
    this.waiting = [];
    while (group.length > 0) {
      try {
        group = this.runGroup(group);
      } catch (error) {
        // A savepoint that could not be undone: nothing of the group may be acknowledged. A promise
        // settled already (none is before the COMMIT) ignores the rejection.
        this.rollbackQuietly();
        for (const waiting of group) waiting.reject(error);
        return;
      }
    }
  }

  /**
   * One transaction for `group`. Returns the writes that did not run because SQLite rolled back the
   * whole transaction under them (a full disk, an I/O error): they get one of their own.
   */
  private runGroup(group: Waiting[]): Waiting[] {
    if (!this.begin(group)) return [];
    const prelude = this.options.prelude;
    // The prelude's failure took the transaction with it: the writes get a new one, without it.
    if (prelude && this.inSavepoint(prelude, (error) => this.options.onPreludeError?.(error))) return this.runGroupWithout(group);
    return this.runWrites(group);
  }

  private runGroupWithout(group: Waiting[]): Waiting[] {
    return this.begin(group) ? this.runWrites(group) : [];
  }

  /** BEGIN IMMEDIATE, or every write of the group fails with its error (SQLITE_BUSY: another process writes). */
  private begin(group: Waiting[]): boolean {
    try {
      this.sql.begin.run();
      return true;
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return false;
    }
  }

  private runWrites(group: Waiting[]): Waiting[] {
    const outcomes: Outcome[] = [];
    for (let index = 0; index < group.length; index++) {
      const waiting = group[index]!;
      const outcome: Outcome = { waiting, ok: true, value: undefined };
      outcomes.push(outcome);
      const lost = this.inSavepoint(
        () => (outcome.value = waiting.work()),
        (error) => {
          outcome.ok = false;
          outcome.value = error;
        },
      );
      if (lost) {
        // What committed nothing cannot be acknowledged: every write so far fails with the error that lost them.
        for (const each of outcomes) each.waiting.reject(each.ok ? outcome.value : each.value);
        return group.slice(index + 1);
      }
    }
    try {
      this.sql.commit.run();
    } catch (error) {
      this.rollbackQuietly();
      for (const each of outcomes) each.waiting.reject(each.ok ? error : each.value);
      return [];
    }
    for (const each of outcomes) {
      if (each.ok) each.waiting.resolve(each.value);
      else each.waiting.reject(each.value);
    }
    return [];
  }

  /**
   * Runs `work` in a savepoint, undone when it throws (the error goes to `failed`). Returns true when
   * the transaction itself is gone: SQLite rolls the whole of it back on some errors.
   */
  private inSavepoint(work: () => unknown, failed: (error: unknown) => void): boolean {
    this.sql.savepoint.run();
    try {
      const result = work();
      if (result instanceof Promise) throw new TypeError('A grouped write must be synchronous: its promise would settle after the commit.');
      this.sql.release.run();
      return false;
    } catch (error) {
      failed(error);
      if (!this.db.inTransaction) return true;
      this.sql.rollbackTo.run();
      this.sql.release.run();
      return false;
    }
  }

  private rollbackQuietly(): void {
    try {
      if (this.db.inTransaction) this.sql.rollback.run();
    } catch {
      // Rolled back already, or the connection is closing: nothing was committed either way.
    }
  }
}
