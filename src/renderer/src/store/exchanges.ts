import { create } from 'zustand';
import type { FeedBatch } from '../../../shared/admin-api';
import type { RecordedExchange } from '../../../shared/recording';
import type { AdminClient } from '../api/admin-client';
import { matchesTerms, toQuery, type FilterTerms } from '../filters/filter-terms';
import { useScope } from './scope';

/** The scope's session (absent: all), for the admin API and for rows arriving on the feed. */
const sessionScope = () => ({ session: useScope.getState().session });
const inScope = (exchange: RecordedExchange) => {
  const { session } = useScope.getState();
  return session === undefined || exchange.sessionId === session;
};

/** Most rows kept in memory; older ones are paged in from the admin API on scroll. */
export const MAX_ROWS = 100_000;

/** The traffic list: newest first, filtered by the admin API, extended by the live feed unless paused. */
interface ExchangesState {
  rows: RecordedExchange[];
  nextCursor: number | null;
  loading: boolean;
  error?: string;
  /** Paused: new exchanges are counted, not shown, so the row under the pointer stays put. */
  paused: boolean;
  waiting: number;
  reload(client: AdminClient, terms: FilterTerms): Promise<void>;
  loadMore(client: AdminClient, terms: FilterTerms): Promise<void>;
  receive(batch: FeedBatch, terms: FilterTerms, client: AdminClient): void;
  setPaused(paused: boolean, client: AdminClient, terms: FilterTerms): void;
}

export const useExchanges = create<ExchangesState>((set, get) => ({
  rows: [],
  nextCursor: null,
  loading: false,
  paused: false,
  waiting: 0,
  reload: async (client, terms) => {
    set({ loading: true, error: undefined, waiting: 0 });
    try {
      const scope = sessionScope();
      const page = await client.exchanges({ ...toQuery(terms), ...scope, limit: 500 });
      // The scope changed meanwhile: the reload it started shows the right rows, whichever answers last.
      if (sessionScope().session !== scope.session) return;
      set({ rows: page.items, nextCursor: page.nextCursor, loading: false });
    } catch (error) {
      set({ loading: false, error: (error as Error).message });
    }
  },
  loadMore: async (client, terms) => {
    const { nextCursor, loading } = get();
    if (nextCursor === null || loading) return;
    set({ loading: true });
    try {
      const page = await client.exchanges({ ...toQuery(terms), ...sessionScope(), cursor: nextCursor, limit: 500 });
      set((state) => ({ rows: [...state.rows, ...page.items].slice(0, MAX_ROWS), nextCursor: page.nextCursor, loading: false }));
    } catch (error) {
      set({ loading: false, error: (error as Error).message });
    }
  },
  receive: (batch, terms, client) => {
    if (get().paused) {
      set((state) => ({ waiting: state.waiting + batch.items.length + batch.skipped }));
      return;
    }
    // More arrived than a batch holds: read the list again rather than show a gap.
    if (batch.skipped > 0) {
      void get().reload(client, terms);
      return;
    }
    // A reload answered after these were recorded (an import's rows, listed when it is picked) already has them.
    const newest = get().rows[0]?.id ?? 0;
    const fresh = batch.items.filter((exchange) => exchange.id > newest && inScope(exchange) && matchesTerms(exchange, terms)).reverse();
    if (fresh.length > 0) set((state) => ({ rows: [...fresh, ...state.rows].slice(0, MAX_ROWS) }));
  },
  setPaused: (paused, client, terms) => {
    set({ paused });
    if (!paused && get().waiting > 0) void get().reload(client, terms);
  },
}));
