/** The clock a paced read waits on; the unit tests pass their own. */
export interface PaceClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

export interface PacedRead {
  /** Asks for a read: at once, or after the one running or the rest of the interval, whichever is later. */
  ask(): void;
  /** Forgets a read asked for and not started yet (the caller moved on to something else). */
  cancel(): void;
}

const pageClock: PaceClock = {
  // Monotonic: a change of the system clock must not put the next read off for hours.
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/**
 * A read the live feed asks for on each batch (a session's count, its verdicts), run at most one at
 * a time and at most once per `intervalMs`: during a burst (an Okta import, an Entra cycle) batches
 * arrive every quarter second, and re-reading on each cost the engine a query and the page a render
 * per batch. Asks that come meanwhile are not dropped but folded into one read after the wait, which
 * starts after the last of them: the final state is always read.
 */
export function pacedRead(read: () => Promise<unknown>, intervalMs: number, clock: PaceClock = pageClock): PacedRead {
  let running = false;
  let askedWhileRunning = false;
  let timer: unknown;
  let lastStart = Number.NEGATIVE_INFINITY;

  const start = () => {
    timer = undefined;
    running = true;
    lastStart = clock.now();
    Promise.resolve()
      .then(read)
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (askedWhileRunning) {
          askedWhileRunning = false;
          ask();
        }
      });
  };
  const ask = () => {
    if (running) {
      askedWhileRunning = true;
      return;
    }
    if (timer !== undefined) return;
    const wait = Math.min(intervalMs, lastStart + intervalMs - clock.now());
    if (wait <= 0) start();
    else timer = clock.setTimeout(start, wait);
  };
  return {
    ask,
    cancel: () => {
      askedWhileRunning = false;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
