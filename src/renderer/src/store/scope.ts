import { create } from 'zustand';

/**
 * What the traffic list shows: one session (absent: every session), and either every workspace
 * (the default: a replay's or an import's traffic addresses other workspaces than the one picked,
 * and each row's path names its workspace) or only the picked one. The session and workspace
 * pickers write it; the exchanges store reads it.
 */
interface ScopeState {
  session?: number;
  /** The workspace picked in the header. */
  workspace?: string;
  /** The list shows only the picked workspace's traffic. */
  onlyWorkspace: boolean;
  setSession(session: number | undefined): void;
  setWorkspace(workspace: string | undefined): void;
  setOnlyWorkspace(only: boolean): void;
}

export const useScope = create<ScopeState>((set) => ({
  onlyWorkspace: false,
  setSession: (session) => set({ session }),
  setWorkspace: (workspace) => set({ workspace }),
  setOnlyWorkspace: (onlyWorkspace) => set({ onlyWorkspace }),
}));
