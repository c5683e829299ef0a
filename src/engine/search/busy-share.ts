/** The share of a busy event loop the indexer's timer takes (2%), so that SCIM traffic is served at full speed. */
export const BUSY_SHARE = 0.02;
/**
 * A batch's budget while busy: some 100 small exchanges or 5 with a page of users, more than an IdP's
 * provisioning usually sends in a tick. A smaller batch would pay FTS5's per-transaction cost for fewer rows.
 */
export const BUSY_BATCH_MS = 5;
/** Credit kept at most: after a quiet spell the first busy ticks do not run one long batch. */
const MAX_CREDIT_MS = 2 * BUSY_BATCH_MS;
/** Debt kept at most: a long catch-up a search asked for does not stop the timer's indexing for minutes. */
const MAX_DEBT_MS = 4 * BUSY_BATCH_MS;

/**
 * The indexer's time while the loop is busy, as a credit: earned at BUSY_SHARE of the time that
 * passes and paid with what the batches actually took. A batch overruns its budget by its commit
 * (FTS5 writes a segment per transaction, a few milliseconds), so a fixed budget per tick took about
 * twice the share it was meant to; here a tick without enough credit for a batch indexes nothing.
 */
export class BusyShare {
  private creditMs = 0;

  /** At a busy tick, `elapsedMs` after the last: the budget of this tick's batch, or 0 for none. */
  budgetFor(elapsedMs: number): number {
    this.creditMs = Math.min(MAX_CREDIT_MS, this.creditMs + BUSY_SHARE * elapsedMs);
    return this.creditMs >= BUSY_BATCH_MS ? BUSY_BATCH_MS : 0;
  }

  /** What the tick's batches took. */
  spent(ms: number): void {
    this.creditMs = Math.max(-MAX_DEBT_MS, this.creditMs - ms);
  }

  /** The loop went quiet: the idle rule applies, and busy time starts again from nothing owed. */
  reset(): void {
    this.creditMs = 0;
  }
}
