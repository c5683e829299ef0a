import { create } from 'zustand';

/**
 * What the traffic list shows before any search: one session or all (undefined), one workspace or
 * all. The session and workspace pickers write it; the exchanges store reads it and reloads.
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
