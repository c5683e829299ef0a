import { create } from 'zustand';
import type { AdminClient } from '../api/admin-client';
import { nextFeedStatus, type FeedEvent, type FeedState } from '../feed-state';

/** How the inspector reaches the engine, and whether the live feed is up. */
interface ConnectionState {
  client?: AdminClient;
  scimBaseUrl?: string;
  scimToken?: string;
  error?: string;
  live: boolean;
  feed: FeedState;
  /** Counts the engine's returns (see feed-state.ts). */
  reconnects: number;
  connected(client: AdminClient, scim: { scimBaseUrl?: string; scimToken?: string }): void;
  failed(error: string): void;
  feedChanged(event: FeedEvent): void;
  /** `back` has been shown long enough. */
  settled(): void;
  setScimToken(token: string): void;
  /** The engine's SCIM base URL and default token as it says them now (after a reconnect); what it leaves out is kept. */
  scimChanged(scim: { scimBaseUrl?: string; scimToken?: string }): void;
}

const feedStep = (state: ConnectionState, event: FeedEvent | 'settled') => {
  const next = nextFeedStatus(state, event);
  return { ...next, live: next.feed === 'live' || next.feed === 'back' };
};

export const useConnection = create<ConnectionState>((set) => ({
  live: false,
  feed: 'connecting',
  reconnects: 0,
  connected: (client, scim) => set({ client, ...scim, error: undefined }),
  failed: (error) => set({ error }),
  feedChanged: (event) => set((state) => feedStep(state, event)),
  settled: () => set((state) => feedStep(state, 'settled')),
  setScimToken: (scimToken) => set({ scimToken }),
  scimChanged: ({ scimBaseUrl, scimToken }) => set((state) => ({ scimBaseUrl: scimBaseUrl ?? state.scimBaseUrl, scimToken: scimToken ?? state.scimToken })),
}));
