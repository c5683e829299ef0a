import { create } from 'zustand';
import type { SessionVerdictSummary } from '../../../shared/verdicts';
import type { AdminClient } from '../api/admin-client';

/** The shown session's verdicts added up (GET /sessions/:id/verdicts), for the traffic view's summary line. */
interface SessionVerdictsState {
  sessionId?: number;
  summary?: SessionVerdictSummary;
  error?: string;
  load(client: AdminClient, sessionId: number): Promise<void>;
  clear(): void;
}

export const useSessionVerdicts = create<SessionVerdictsState>((set, get) => {
  /** Only the newest read's answer is kept: a slow answer for the session shown before must not replace it. */
  let latest = 0;
  return {
    load: async (client, sessionId) => {
      const request = ++latest;
      if (get().sessionId !== sessionId) set({ sessionId, summary: undefined, error: undefined });
      try {
        const summary = await client.sessionVerdicts(sessionId);
        if (request === latest) set({ summary, error: undefined });
      } catch (error) {
        if (request === latest) set({ error: (error as Error).message });
      }
    },
    clear: () => {
      latest += 1;
      set({ sessionId: undefined, summary: undefined, error: undefined });
    },
  };
});
