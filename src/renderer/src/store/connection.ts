import { create } from 'zustand';
import type { AdminClient } from '../api/admin-client';

/** How the inspector reaches the engine, and whether the live feed is up. */
interface ConnectionState {
  client?: AdminClient;
  scimBaseUrl?: string;
  scimToken?: string;
  error?: string;
  live: boolean;
  connected(client: AdminClient, scim: { scimBaseUrl?: string; scimToken?: string }): void;
  failed(error: string): void;
  setLive(live: boolean): void;
  setScimToken(token: string): void;
}

export const useConnection = create<ConnectionState>((set) => ({
  live: false,
  connected: (client, scim) => set({ client, ...scim, error: undefined }),
  failed: (error) => set({ error }),
  setLive: (live) => set({ live }),
  setScimToken: (scimToken) => set({ scimToken }),
}));
