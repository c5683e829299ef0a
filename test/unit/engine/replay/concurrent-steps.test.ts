import { describe, expect, it } from 'vitest';
import type { ReplayStepResult } from '../../../../src/shared/replay';
import { runConcurrently } from '../../../../src/engine/replay/concurrent-steps';

const result = (index: number, matched = true): ReplayStepResult => ({
  index,
  method: 'GET',
  path: `/Users/${index}`,
  recordedStatus: 200,
  status: matched ? 200 : 404,
  durationMs: 0,
  matched,
  differences: matched ? [] : [{ path: 'status', message: 'status 404, recorded 200' }],
});

/**
 * Steps whose answers the test gives by hand, in any order: what runs when is then the
 * scheduler's doing alone, with no timing involved.
 */
function controlledSteps(differing: number[] = []) {
  const running = new Map<number, () => void>();
  const started: number[] = [];
  const finished = new Set<number>();
  let maxInFlight = 0;
  const run = (index: number) =>
    new Promise<ReplayStepResult>((resolve) => {
      started.push(index);
      maxInFlight = Math.max(maxInFlight, running.size + 1);
      running.set(index, () => {
        running.delete(index);
        finished.add(index);
        resolve(result(index, !differing.includes(index)));
      });
    });
  /** Lets the scheduler react to what has happened so far (its continuations are microtasks). */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const answer = async (index: number) => {
    const finish = running.get(index);
    if (!finish) throw new Error(`step ${index} is not running; running: ${[...running.keys()].join(', ') || 'none'}`);
    finish();
    await settle();
  };
  return { run, started, finished, running, answer, settle, maxInFlight: () => maxInFlight };
}

describe('runConcurrently', () => {
  it('starts a step only after the steps it depends on, keeps at most N in flight, and reports in recorded order', async () => {
    const steps = controlledSteps();
    const reported: number[] = [];
    // 0 and 1 are independent; 2 waits for 0; 3 waits for 1 and 2; 4 is independent.
    const done = runConcurrently(5, steps.run, {
      concurrency: 2,
      dependencies: [[], [], [0], [1, 2], []],
      mayStart: () => true,
      onResult: (step) => reported.push(step.index),
    });
    await steps.settle();
    expect(steps.started).toEqual([0, 1]);
    await steps.answer(1);
    // 1's slot goes to the lowest ready step: 4 (2 waits for 0, 3 for 2); 1 is held back until 0 is reported.
    expect(steps.started).toEqual([0, 1, 4]);
    expect(reported).toEqual([]);
    await steps.answer(0);
    expect(steps.started).toEqual([0, 1, 4, 2]);
    expect(reported).toEqual([0, 1]);
    await steps.answer(2);
    expect(steps.started).toEqual([0, 1, 4, 2, 3]);
    await steps.answer(3);
    await steps.answer(4);
    await done;
    expect(reported).toEqual([0, 1, 2, 3, 4]);
    expect(steps.maxInFlight()).toBe(2);
  });

  it('stops at the first difference in recorded order: earlier steps still run, later ones no longer start', async () => {
    const steps = controlledSteps([3, 1]);
    const reported: number[] = [];
    const done = runConcurrently(8, steps.run, {
      concurrency: 3,
      dependencies: [[], [0], [], [], [], [], [], []],
      mayStart: () => true,
      stopOnFirstDifference: true,
      onResult: (step) => reported.push(step.index),
    });
    await steps.settle();
    expect(steps.started).toEqual([0, 2, 3]);
    // 3 differs: nothing after it starts from now on; 1 (waiting for 0) comes before it, so it still runs.
    await steps.answer(3);
    expect(steps.started).toEqual([0, 2, 3]);
    await steps.answer(0);
    expect(steps.started).toEqual([0, 2, 3, 1]);
    // 1 differs too: it is the first difference in recorded order; 2, already in flight, finishes and is reported.
    await steps.answer(1);
    await steps.answer(2);
    expect(await done).toEqual({ stoppedAt: 1 });
    expect(steps.started).toEqual([0, 2, 3, 1]);
    expect(reported).toEqual([0, 1, 2, 3]);
  });

  it('starts nothing more once cancelled, and fails after the steps under way when a callback throws', async () => {
    let cancelled = false;
    const steps = controlledSteps();
    const done = runConcurrently(6, steps.run, { concurrency: 2, dependencies: [[], [], [], [], [], []], mayStart: () => !cancelled, onResult: () => {} });
    await steps.settle();
    cancelled = true;
    await steps.answer(0);
    await steps.answer(1);
    await done;
    expect(steps.started).toEqual([0, 1]);

    const failing = controlledSteps();
    let outcome: unknown;
    const run = runConcurrently(4, failing.run, {
      concurrency: 2,
      dependencies: [[], [], [], []],
      mayStart: () => true,
      onResult: (step) => {
        if (step.index === 0) throw new Error('the callback broke');
      },
    }).then(
      () => (outcome = 'resolved'),
      (error: Error) => (outcome = error.message),
    );
    await failing.settle();
    await failing.answer(0);
    // Step 1 is still in flight: the run has not ended, and no further step started.
    expect(outcome).toBeUndefined();
    expect(failing.started).toEqual([0, 1]);
    await failing.answer(1);
    await run;
    expect(outcome).toBe('the callback broke');
    expect(failing.started).toEqual([0, 1]);
  });
});
