import { describe, expect, it } from 'vitest';
import { BUSY_BATCH_MS, BUSY_SHARE, BusyShare } from '../../../../src/engine/search/busy-share';

/** Busy ticks of `tickMs`, each batch taking its budget plus `overrunMs` (its commit): the indexing time over the time passed. */
function shareOver(ticks: number, tickMs: number, overrunMs: number): { share: number; batches: number } {
  const busy = new BusyShare();
  let indexingMs = 0;
  let batches = 0;
  for (let tick = 0; tick < ticks; tick += 1) {
    const budgetMs = busy.budgetFor(tickMs);
    if (budgetMs === 0) continue;
    batches += 1;
    indexingMs += budgetMs + overrunMs;
    busy.spent(budgetMs + overrunMs);
  }
  return { share: indexingMs / (ticks * tickMs), batches };
}

describe("the indexer's share of a busy event loop", () => {
  it('stays at 2% when every batch overruns its budget by its commit', () => {
    // A fixed budget per 250 ms tick with a 4 ms commit took 3.6% of the loop.
    const { share, batches } = shareOver(1000, 250, 4);
    expect(share).toBeLessThanOrEqual(BUSY_SHARE * 1.01);
    // It still indexes: most of its share, in batches of the full budget.
    expect(share).toBeGreaterThan(BUSY_SHARE * 0.9);
    expect(batches).toBeGreaterThan(400);
  });

  it('runs a batch of the full budget every tick when batches take exactly their budget', () => {
    expect(shareOver(100, 250, 0)).toEqual({ share: BUSY_BATCH_MS / 250, batches: 100 });
  });

  it('runs no batch while the ticks passed have not earned one', () => {
    const busy = new BusyShare();
    // 2% of 100 ms is 2 ms, under a batch's budget; the third tick has earned 6 ms.
    expect([busy.budgetFor(100), busy.budgetFor(100), busy.budgetFor(100)]).toEqual([0, 0, BUSY_BATCH_MS]);
  });

  it('does not stop indexing for long after a long catch-up a search asked for', () => {
    const busy = new BusyShare();
    busy.spent(60_000);
    const ticks = Array.from({ length: 20 }, () => busy.budgetFor(250));
    expect(ticks.indexOf(BUSY_BATCH_MS)).toBeGreaterThan(0);
    expect(ticks.indexOf(BUSY_BATCH_MS)).toBeLessThan(10);
  });

  it('starts from nothing owed after the loop was quiet', () => {
    const busy = new BusyShare();
    busy.spent(15);
    busy.reset();
    expect(busy.budgetFor(250)).toBe(BUSY_BATCH_MS);
  });
});
