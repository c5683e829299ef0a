/** How long a command may hear nothing before it says it is still waiting. */
export const SILENCE_MS = 10_000;

/**
 * Says on stderr, every SILENCE_MS, that a long command is still waiting when nothing has come back
 * for that long: a server that accepts connections and never answers would otherwise hold a run
 * silent for minutes (each request waits out its time limit, and may be retried). `heard` is told
 * each time something comes back.
 */
export function watchForSilence(say: (line: string) => void, intervalMs = SILENCE_MS, now: () => number = Date.now) {
  let last = now();
  let lastDone: string | undefined;
  const timer = setInterval(() => {
    const quiet = now() - last;
    if (quiet < intervalMs) return;
    const after = lastDone === undefined ? '' : ` since ${lastDone}`;
    say(`Still waiting: nothing came back for ${Math.round(quiet / 1000)} s${after}. Ctrl-C stops.`);
  }, intervalMs);
  timer.unref();
  return {
    heard(done?: string): void {
      last = now();
      if (done !== undefined) lastDone = done;
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}
