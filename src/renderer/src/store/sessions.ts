import { create } from 'zustand';
import type { SessionSummary } from '../../../shared/recording';
import type { AdminClient } from '../api/admin-client';

/** Recorded sessions, for the session picker and "new session". */
interface SessionsState {
  sessions: SessionSummary[];
  load(client: AdminClient): Promise<void>;
  start(client: AdminClient, name: string): Promise<void>;
}

export const useSessions = create<SessionsState>((set, get) => ({
  sessions: [],
  load: async (client) => set({ sessions: await client.sessions() }),
  start: async (client, name) => {
    await client.startSession(name);
    await get().load(client);
  },
}));
