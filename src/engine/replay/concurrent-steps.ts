import type { ReplayStepResult } from '../../shared/replay';

export interface ConcurrentRunOptions {
  /** Requests in flight at once, at most. */
  concurrency: number;
  /** For each step, the earlier steps it must wait for (step-dependencies.ts). */
  dependencies: readonly (readonly number[])[];
  /** Asked before each step starts: false, and it does not start (cancelled). */
  mayStart: () => boolean;
  stopOnFirstDifference?: boolean;
  /** Each result, in recorded order. */
  onResult: (result: ReplayStepResult) => void;
}

export interface ConcurrentRunOutcome {
  /** The lowest recorded index of a step that differed, when stopOnFirstDifference stopped the run. */
  stoppedAt?: number;
}

/**
 * Runs steps several at a time: each starts once the steps it depends on have finished and a
 * slot is free, the lowest ready index first; results are handed on in recorded order.
 *
 * With stopOnFirstDifference, "first" is in recorded order: once a step is seen to differ, no step
 * after it in recorded order starts. Steps before it still run (a sequential replay would have run
 * them, and one of them may differ, which then is the first); steps after it that were already in
 * flight finish and are reported, since they reached the target.
 */
export async function runConcurrently(
  total: number,
  run: (index: number) => Promise<ReplayStepResult>,
  options: ConcurrentRunOptions,
): Promise<ConcurrentRunOutcome> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  // How far ahead of the oldest unreported step new steps are taken up: bounds the results held back for ordering.
  const window = Math.max(64, concurrency * 16);
  const finished: Promise<void>[] = [];
  /** A step's result, `null` when it did not start; undefined while it runs or waits. */
  const outcomes: (ReplayStepResult | null | undefined)[] = [];
  let reported = 0;
  let stoppedAt = Number.POSITIVE_INFINITY;
  let failure: { error: unknown } | undefined;

  let inFlight = 0;
  const ready: { index: number; start: () => void }[] = [];
  const wakeups: (() => void)[] = [];
  const wake = () => {
    for (const wakeup of wakeups.splice(0)) wakeup();
  };

  const startNext = () => {
    while (inFlight < concurrency && ready.length > 0) {
      ready.sort((a, b) => a.index - b.index);
      const next = ready.shift()!;
      inFlight += 1;
      next.start();
    }
  };

  // A callback that throws fails the run, as it does a sequential one, once the steps under way have finished.
  const flush = () => {
    try {
      while (reported < outcomes.length && outcomes[reported] !== undefined) {
        const outcome = outcomes[reported]!;
        reported += 1;
        if (outcome) options.onResult(outcome);
      }
    } catch (error) {
      failure ??= { error };
    } finally {
      wake();
    }
  };

  /** Never rejects: what goes wrong is kept in `failure`, so every step under way is awaited before the run ends. */
  const stepRun = async (index: number): Promise<void> => {
    await Promise.all(options.dependencies[index]!.map((earlier) => finished[earlier]));
    await new Promise<void>((start) => {
      ready.push({ index, start });
      startNext();
    });
    try {
      if (failure || index > stoppedAt || !options.mayStart()) {
        outcomes[index] = null;
        return;
      }
      const result = await run(index);
      outcomes[index] = result;
      if (!result.matched && options.stopOnFirstDifference) stoppedAt = Math.min(stoppedAt, index);
    } catch (error) {
      outcomes[index] = null;
      failure ??= { error };
    } finally {
      inFlight -= 1;
      startNext();
      flush();
    }
  };

  for (let index = 0; index < total; index++) {
    while (index - reported >= window && !failure) await new Promise<void>((resolve) => wakeups.push(resolve));
    // Nothing later starts once stopped, cancelled or failed; what is under way finishes.
    if (failure || index > stoppedAt || !options.mayStart()) break;
    outcomes[index] = undefined;
    finished[index] = stepRun(index);
  }
  await Promise.all(finished);
  flush();
  if (failure) throw failure.error;
  return Number.isFinite(stoppedAt) ? { stoppedAt } : {};
}
