import { create } from 'zustand';
import type { SessionVerdictSummary } from '../../../shared/verdicts';
import type { AdminClient } from '../api/admin-client';
import { pacedRead } from '../paced-read';

/** The shown session's verdicts added up (GET /sessions/:id/verdicts), for the traffic view's summary line. */
interface SessionVerdictsState {
  sessionId?: number;
  summary?: SessionVerdictSummary;
  error?: string;
  /** Reads the summary: at once for another session, paced for the same one (its count changes with each read of the list). */
  load(client: AdminClient, sessionId: number): void;
  clear(): void;
}

/** The least time between two reads of one session's summary while its traffic arrives (paced-read.ts). */
const SAME_SESSION_READ_MS = 1000;
/**
 * How soon a summary that counts exchanges not judged yet is read again: the indexer judges them in
 * the background, and no count changes when it does, so nothing else would ask. Doubled while their
 * number does not go down (an indexer held up by another process's lock), up to the longest wait.
 */
const PENDING_CHECK_MS = 2000;
const PENDING_CHECK_LONGEST_MS = 30_000;

export const useSessionVerdicts = create<SessionVerdictsState>((set, get) => {
  /** Only the newest read's answer is kept: a slow answer for the session shown before must not replace it. */
  let latest = 0;
  let target: { client: AdminClient; sessionId: number } | undefined;
  let pendingCheck: ReturnType<typeof setTimeout> | undefined;
  let pendingWait = PENDING_CHECK_MS;

  const read = async () => {
    if (!target) return;
    const { client, sessionId } = target;
    const request = ++latest;
    clearTimeout(pendingCheck);
    try {
      const summary = await client.sessionVerdicts(sessionId);
      if (request !== latest) return;
      const before = get().summary;
      set({ summary, error: undefined });
      if (summary.pending === 0) return;
      const stuck = before?.sessionId === sessionId && summary.pending >= before.pending;
      pendingWait = stuck ? Math.min(pendingWait * 2, PENDING_CHECK_LONGEST_MS) : PENDING_CHECK_MS;
      pendingCheck = setTimeout(() => paced.ask(), pendingWait);
    } catch (error) {
      if (request === latest) set({ error: (error as Error).message });
    }
  };
  const paced = pacedRead(read, SAME_SESSION_READ_MS);

  return {
    load: (client, sessionId) => {
      const same = target?.client === client && target.sessionId === sessionId;
      target = { client, sessionId };
      if (same) {
        paced.ask();
        return;
      }
      // Another session: read now, whatever is running or waiting for the one shown before.
      paced.cancel();
      if (get().sessionId !== sessionId) set({ sessionId, summary: undefined, error: undefined });
      void read();
    },
    clear: () => {
      latest += 1;
      target = undefined;
      paced.cancel();
      clearTimeout(pendingCheck);
      set({ sessionId: undefined, summary: undefined, error: undefined });
    },
  };
});
