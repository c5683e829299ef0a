import { create } from 'zustand';
import type { ExchangeDiffResponse, ExchangeResponse } from '../../../shared/admin-api';
import type { AdminClient } from '../api/admin-client';

/** The exchange open in the detail pane, fetched whole (with its changes and their diff). */
interface SelectionState {
  id?: number;
  exchange?: ExchangeResponse;
  diff?: ExchangeDiffResponse;
  error?: string;
  select(client: AdminClient, id: number): Promise<void>;
  clear(): void;
}

export const useSelection = create<SelectionState>((set, get) => ({
  select: async (client, id) => {
    set({ id, exchange: undefined, diff: undefined, error: undefined });
    try {
      const [exchange, diff] = await Promise.all([client.exchange(id), client.exchangeDiff(id)]);
      if (get().id === id) set({ exchange, diff });
    } catch (error) {
      if (get().id === id) set({ error: (error as Error).message });
    }
  },
  clear: () => set({ id: undefined, exchange: undefined, diff: undefined, error: undefined }),
}));
