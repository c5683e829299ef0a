import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseBusy } from '../store/database-failures';

/**
 * The pauses between attempts at a write that found the database locked by another process:
 * short at first (most locks last one commit), about 2.5 s in all. Each attempt waits only the
 * connection's short busy timeout on the event loop; the pauses are timers, so other requests,
 * reads above all, are served meanwhile.
 */
export const BUSY_RETRY_DELAYS_MS: readonly number[] = [5, 10, 20, 40, 80, 150, 250, 400, 500, 500, 500];

/**
 * Runs `attempt` (a grouped write's promise, store/group-commit.ts) until it does not fail with
 * SQLITE_BUSY or the pauses are used up, then returns its result or throws its error. `attempt` must leave nothing behind when it fails
 * (one transaction), so running it again is safe.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, onWait: (attempts: number, delayMs: number) => void): Promise<T> {
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt();
    } catch (error) {
      const delayMs = BUSY_RETRY_DELAYS_MS[attempts - 1];
      if (!isDatabaseBusy(error) || delayMs === undefined) throw error;
      onWait(attempts, delayMs);
      await sleep(delayMs);
    }
  }
}
