import { create } from 'zustand';
import type { ExchangeListItem, ResourceVersionEntry, VersionDiffResponse } from '../../../shared/admin-api';
import type { AdminClient } from '../api/admin-client';
import { useWorkspaces } from './workspaces';

export type ResourceType = 'User' | 'Group';

/** The Resources view: a searched list of users or groups, one open resource, its versions and the diff of two of them. */
interface ResourcesState {
  workspace: string;
  type: ResourceType;
  query: string;
  list: Record<string, unknown>[];
  total: number;
  error?: string;
  openId?: string;
  versions: ResourceVersionEntry[];
  touchedBy: ExchangeListItem[];
  compare: [number, number] | undefined;
  diff?: VersionDiffResponse;
  search(client: AdminClient, changes: Partial<Pick<ResourcesState, 'type' | 'query' | 'workspace'>>): Promise<void>;
  open(client: AdminClient, id: string): Promise<void>;
  compareVersions(client: AdminClient, from: number, to: number): Promise<void>;
  close(): void;
}

export const useResources = create<ResourcesState>((set, get) => ({
  workspace: useWorkspaces.getState().current,
  type: 'User',
  query: '',
  list: [],
  total: 0,
  versions: [],
  touchedBy: [],
  compare: undefined,
  search: async (client, changes) => {
    set({ ...changes, error: undefined });
    const { workspace, type, query } = get();
    // An answer for a workspace or type switched away from meanwhile is dropped.
    const stillAsked = () => get().workspace === workspace && get().type === type;
    try {
      const result = await client.resources(workspace, type, query);
      if (stillAsked()) set({ list: result.Resources, total: result.totalResults });
    } catch (error) {
      if (stillAsked()) set({ error: (error as Error).message, list: [], total: 0 });
    }
  },
  open: async (client, id) => {
    set({ openId: id, versions: [], touchedBy: [], compare: undefined, diff: undefined, error: undefined });
    try {
      const [versions, touched] = await Promise.all([client.versions(get().workspace, id), client.exchanges({ resource: id, limit: 200 })]);
      if (get().openId !== id) return;
      set({ versions, touchedBy: touched.items });
      // The newest change is what people look for first.
      if (versions.length >= 2) await get().compareVersions(client, versions.at(-2)!.id, versions.at(-1)!.id);
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  compareVersions: async (client, from, to) => {
    set({ compare: [from, to] });
    try {
      set({ diff: await client.versionDiff(from, to) });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  close: () => set({ openId: undefined, versions: [], touchedBy: [], compare: undefined, diff: undefined }),
}));
