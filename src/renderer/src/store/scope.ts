import { create } from 'zustand';

/**
 * What the traffic list shows: one session (absent: every session) of one workspace (absent: every
 * workspace). The session and workspace pickers write it; the exchanges store reads it.
 */
interface ScopeState {
  session?: number;
  workspace?: string;
  setSession(session: number | undefined): void;
  setWorkspace(workspace: string | undefined): void;
}

export const useScope = create<ScopeState>((set) => ({
  setSession: (session) => set({ session }),
  setWorkspace: (workspace) => set({ workspace }),
}));
