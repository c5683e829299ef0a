import { describe, expect, it } from 'vitest';
import { pacedRead, type PaceClock } from '../../../src/renderer/src/paced-read';

/** A clock moved by hand: `advance` runs the timers that fall due, in order. */
function handClock() {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const clock: PaceClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      timers.set(++nextId, { at: now + ms, run });
      return nextId;
    },
    clearTimeout: (id) => timers.delete(id as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers].filter(([, timer]) => timer.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].run();
    }
    now = end;
  };
  return { clock, advance, waiting: () => timers.size };
}

/** Lets the promise callbacks queued so far run (a read's end, and the follow-up asked in its finally). */
const flush = async () => {
  for (let turn = 0; turn < 5; turn++) await Promise.resolve();
};

/** A read that runs until the test ends it; `started` counts the reads begun. */
function heldReads() {
  const running: (() => void)[] = [];
  let started = 0;
  return {
    read: () =>
      new Promise<void>((resolve) => {
        started += 1;
        running.push(resolve);
      }),
    started: () => started,
    /** Ends the oldest read still running. */
    finish: async () => {
      const end = running.shift();
      if (!end) throw new Error('no read is running');
      end();
      await flush();
    },
  };
}

describe('a paced read (the inspector re-reading on live-feed batches)', () => {
  it('reads at once when nothing ran lately', async () => {
    const { clock } = handClock();
    const reads = heldReads();
    pacedRead(reads.read, 1000, clock).ask();
    await flush();
    expect(reads.started()).toBe(1);
  });

  it('folds the asks made while a read runs into one read after it, not one each', async () => {
    const { clock, advance } = handClock();
    const reads = heldReads();
    const paced = pacedRead(reads.read, 1000, clock);
    paced.ask();
    await flush();
    for (let batch = 0; batch < 30; batch++) paced.ask();
    advance(1500);
    await reads.finish();
    expect(reads.started()).toBe(2);
  });

  it('waits out the rest of the interval after a read before the next, then reads once for every ask made meanwhile', async () => {
    const { clock, advance } = handClock();
    const reads = heldReads();
    const paced = pacedRead(reads.read, 1000, clock);
    paced.ask();
    await flush();
    advance(100);
    await reads.finish();
    for (let batch = 0; batch < 10; batch++) {
      paced.ask();
      advance(50);
      await flush();
    }
    // 600 ms after the first read started: none yet.
    expect(reads.started()).toBe(1);
    advance(400);
    await flush();
    expect(reads.started()).toBe(2);
    await reads.finish();
    advance(5000);
    await flush();
    expect(reads.started()).toBe(2);
  });

  it('never drops the last ask: one made while the follow-up runs gets a read of its own', async () => {
    const { clock, advance } = handClock();
    const reads = heldReads();
    const paced = pacedRead(reads.read, 1000, clock);
    paced.ask();
    await flush();
    paced.ask();
    await reads.finish();
    advance(1000);
    await flush();
    expect(reads.started()).toBe(2);
    paced.ask();
    await reads.finish();
    advance(1000);
    await flush();
    expect(reads.started()).toBe(3);
  });

  it('goes on after a read that failed', async () => {
    const { clock, advance } = handClock();
    let calls = 0;
    const paced = pacedRead(
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('engine unreachable')) : Promise.resolve();
      },
      1000,
      clock,
    );
    paced.ask();
    await flush();
    paced.ask();
    advance(1000);
    await flush();
    expect(calls).toBe(2);
  });

  it('forgets an ask that waits on the interval when cancelled', async () => {
    const { clock, advance, waiting } = handClock();
    const reads = heldReads();
    const paced = pacedRead(reads.read, 1000, clock);
    paced.ask();
    await flush();
    await reads.finish();
    paced.ask();
    expect(waiting()).toBe(1);
    paced.cancel();
    expect(waiting()).toBe(0);
    advance(5000);
    await flush();
    expect(reads.started()).toBe(1);
  });
});
