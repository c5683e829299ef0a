import type { FaultsCounted, FaultsSummary, HeldExchange, HeldOutcome } from '../../../shared/faults';

/**
 * What the live feed tells the Faults store (shared/faults.ts: events `held`, `released`, `faults`
 * beside `exchanges`), and `ready` each time the feed (re)opens: what happened while it was
 * closed never came through it, so the store reads the summary and the held list again.
 */
export type FaultsFeedEvent =
  | { kind: 'ready' }
  | { kind: 'held'; held: HeldExchange }
  | { kind: 'released'; outcome: HeldOutcome }
  | { kind: 'faults'; summary: FaultsSummary }
  | { kind: 'counted'; counted: FaultsCounted };
