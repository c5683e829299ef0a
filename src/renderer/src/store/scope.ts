import { create } from 'zustand';

/** What the inspector is looking at: one session and one workspace (absent: all of them). */
interface ScopeState {
  session?: number;
  workspace?: string;
  setSession(session?: number): void;
  setWorkspace(workspace?: string): void;
}

export const useScope = create<ScopeState>((set) => ({
  setSession: (session) => set({ session }),
  setWorkspace: (workspace) => set({ workspace }),
}));
