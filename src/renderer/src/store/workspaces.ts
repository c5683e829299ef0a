import { create } from 'zustand';
import type { WorkspaceSummary } from '../../../shared/admin-api';
import type { AdminClient } from '../api/admin-client';
import { useScope } from './scope';
import { workspaceFromUrl, writeWorkspaceToUrl } from './workspace-in-url';

/** The workspace served at /scim/v2, which always exists and cannot be deleted. */
export const DEFAULT_WORKSPACE = 'default';

/** The workspaces of the engine and the one every view shows (the header's picker). */
interface WorkspacesState {
  list: WorkspaceSummary[];
  /** The picked workspace's slug. */
  current: string;
  /** Said beside the picker: a workspace in the URL that does not exist, a refused create or delete. */
  note?: string;
  load(client: AdminClient): Promise<void>;
  select(slug: string): void;
  /** Creates the workspace and picks it; a refusal's reason is returned (undefined: created). */
  create(client: AdminClient, slug: string): Promise<string | undefined>;
  remove(client: AdminClient, slug: string): Promise<void>;
}

const initial = workspaceFromUrl() ?? DEFAULT_WORKSPACE;
useScope.getState().setWorkspace(initial);

export const useWorkspaces = create<WorkspacesState>((set, get) => ({
  list: [],
  current: initial,
  load: async (client) => {
    try {
      const list = await client.workspaces();
      set({ list });
      const { current } = get();
      // A bookmark of a deleted workspace, or a typo in the URL: say so, and show the default one.
      if (!list.some((workspace) => workspace.slug === current)) {
        get().select(DEFAULT_WORKSPACE);
        set({ note: `There is no workspace named “${current}”: showing the default workspace.` });
      }
    } catch (error) {
      set({ note: `The workspaces could not be listed: ${(error as Error).message}` });
    }
  },
  select: (slug) => {
    set({ current: slug, note: undefined });
    writeWorkspaceToUrl(slug, DEFAULT_WORKSPACE);
    useScope.getState().setWorkspace(slug);
  },
  create: async (client, slug) => {
    let created: { slug: string };
    try {
      created = await client.createWorkspace(slug);
    } catch (error) {
      return (error as Error).message;
    }
    // Created: a list that could not be read now is read again on the picker's next focus, not a refusal.
    await get()
      .load(client)
      .catch(() => undefined);
    get().select(created.slug);
    return undefined;
  },
  remove: async (client, slug) => {
    try {
      await client.deleteWorkspace(slug);
      if (get().current === slug) get().select(DEFAULT_WORKSPACE);
      await get().load(client);
      set({ note: `Workspace “${slug}” deleted.` });
    } catch (error) {
      set({ note: (error as Error).message });
    }
  },
}));

/** The picked workspace's summary, once the list is loaded. */
export function useCurrentWorkspace(): WorkspaceSummary | undefined {
  return useWorkspaces((state) => state.list.find((workspace) => workspace.slug === state.current));
}
