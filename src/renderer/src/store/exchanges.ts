import { create } from 'zustand';
import type { ExchangeSearchQuery, FeedBatch } from '../../../shared/admin-api';
import { MAX_SEARCH_LENGTH, parseSearch } from '../../../shared/search/parse-search';
import type { AdminClient } from '../api/admin-client';
import { PAGE_SIZE, type ListRows } from '../list-rows';
import { useConnection } from './connection';
import { useFaults } from './faults';
import { useFilters } from './filters';
import { scopeFor } from '../scope-for';
import { useScope } from './scope';
import { useSessions } from './sessions';
import { useSelection } from './selection';

/** Live rows kept above the loaded list before it is read again from the top (a long unattended import). */
const MAX_LIVE_ROWS = 20_000;

type ListQuery = Pick<ExchangeSearchQuery, 'q' | 'session' | 'workspace' | 'hideConnectionTests'>;

/**
 * The traffic list: the engine searches (the filter bar's text, the scope, hide-connection-tests)
 * and says how many match; the list is as long as that total, its rows loaded a page at a time by
 * offset as they scroll into view. Offsets count down from the newest match at the last reload (the
 * anchor), so rows arriving meanwhile never shift them: those come from the live feed, which the
 * engine filters with the same search, and sit above (`live`).
 */
interface ExchangesState extends ListRows {
  /** The search and scope of the rows shown (what was applied, not what is being typed). */
  query: ListQuery;
  anchor: number | null;
  /**
   * Exchanges of the scope the engine has not indexed yet (after opening a large file), so not in a
   * search's total: the filter bar says so, and the count is asked again until none are left. The
   * rows themselves arrive through the live feed as the indexer reaches them.
   */
  indexing: number;
  loading: boolean;
  error?: string;
  /** Paused: new exchanges are counted, not shown, so the row under the pointer stays put. */
  paused: boolean;
  waiting: number;
  /** Connects the list to the engine: first load, live feed, reloads on scope changes. Returns a stop function. */
  start(client: AdminClient): () => void;
  /** Reads the list again with the filter bar's text (and the current scope). */
  reload(client?: AdminClient): Promise<void>;
  /** Loads the pages holding rows `from`…`to` (list indexes), if not loaded yet. */
  ensureRows(from: number, to: number): void;
  receive(batch: FeedBatch): void;
  setPaused(paused: boolean): void;
}

let client: AdminClient | undefined;
let stopFeed: (() => void) | undefined;
/** Bumped by each reload: answers to an older one are dropped. */
let generation = 0;
/** How often the count of exchanges still being indexed is asked again while there are some. */
const INDEXING_CHECK_MS = 2_000;
let indexingCheck: ReturnType<typeof setTimeout> | undefined;
const loadingPages = new Set<number>();

function currentQuery(): ListQuery {
  const { text, hideConnectionTests } = useFilters.getState();
  // The engine reads at most MAX_SEARCH_LENGTH characters (and refuses more); so does the parser here.
  const q = text.trim().slice(0, MAX_SEARCH_LENGTH);
  const { terms } = parseSearch(q);
  const typed = { session: terms.some((term) => term.kind === 'session'), workspace: terms.some((term) => term.kind === 'workspace') };
  return { q: q || undefined, ...scopeFor(useScope.getState(), typed), hideConnectionTests };
}

export const useExchanges = create<ExchangesState>((set, get) => {
  /** Numbers the indexing checks: an answer to an older one, overtaken by a check asked since, is dropped. */
  let indexingAsked = 0;
  /** Asks how many exchanges still wait to be indexed (a page of one row: only the counts matter), and again later while some do. */
  const askIndexing = (mine: number, query: ListQuery) => {
    clearTimeout(indexingCheck);
    if (mine !== generation || !client || get().indexing === 0) return;
    const asked = ++indexingAsked;
    client
      .exchanges({ ...query, limit: 1 })
      .then((page) => {
        if (mine !== generation || asked !== indexingAsked) return;
        set({ indexing: page.indexing ?? 0 });
        checkIndexing(mine, query);
      })
      .catch(() => mine === generation && asked === indexingAsked && checkIndexing(mine, query));
  };
  /** While exchanges wait to be indexed, asks again in a while how many are left. */
  const checkIndexing = (mine: number, query: ListQuery) => {
    clearTimeout(indexingCheck);
    if (get().indexing === 0) return;
    indexingCheck = setTimeout(() => askIndexing(mine, query), INDEXING_CHECK_MS);
  };

  const connectFeed = (since: number | undefined) => {
    stopFeed?.();
    stopFeed = client?.feed(
      { ...get().query, since },
      (batch) => {
        get().receive(batch);
        // The picker's counts, and a session it does not list yet (a replay's, under "All sessions").
        if (client) useSessions.getState().receive(batch, client);
      },
      (event) => useConnection.getState().feedChanged(event),
      (event) => client && useFaults.getState().receive(event, client),
    );
  };

  return {
    query: {},
    live: [],
    pages: {},
    baseTotal: 0,
    anchor: null,
    indexing: 0,
    loading: false,
    paused: false,
    waiting: 0,

    start: (newClient) => {
      client = newClient;
      void get().reload();
      // The pickers write the scope; each change is a new list.
      const unsubscribe = useScope.subscribe((scope, before) => {
        const workspaceShown = (state: typeof scope) => (state.onlyWorkspace ? state.workspace : undefined);
        // The exchange open in the detail belongs to the session the list showed: another session's list closes it.
        if (scope.session !== before.session) useSelection.getState().clear();
        if (scope.session !== before.session || workspaceShown(scope) !== workspaceShown(before)) void get().reload();
      });
      return () => {
        unsubscribe();
        clearTimeout(indexingCheck);
        stopFeed?.();
        stopFeed = undefined;
      };
    },

    reload: async (newClient) => {
      if (newClient) client = newClient;
      if (!client) return;
      const mine = ++generation;
      const query = currentQuery();
      loadingPages.clear();
      set({ query, loading: true, error: undefined, waiting: 0 });
      try {
        const page = await client.exchanges({ ...query, limit: PAGE_SIZE });
        if (mine !== generation) return;
        const anchor = page.items[0]?.id ?? null;
        const indexing = page.indexing ?? 0;
        set({ live: [], pages: { 0: page.items }, baseTotal: page.total, anchor, indexing, loading: false });
        // Matches the index has not reached are newer than the anchor, and the feed sends them once
        // indexed; with no match yet, it starts from the first exchange so that none is passed over,
        // or from the newest exchange when the list was read: those recorded since, while the feed
        // connects, are sent too.
        connectFeed(anchor ?? (indexing > 0 ? 0 : page.latestId));
        checkIndexing(mine, query);
      } catch (error) {
        if (mine === generation) set({ loading: false, error: (error as Error).message });
      }
    },

    ensureRows: (from, to) => {
      const { live, pages, baseTotal, anchor, query } = get();
      if (!client || anchor === null) return;
      const first = Math.max(0, from - live.length);
      const last = Math.min(baseTotal - 1, to - live.length);
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
        if (pages[page] || loadingPages.has(page)) continue;
        loadingPages.add(page);
        const mine = generation;
        client
          .exchanges({ ...query, cursor: anchor + 1, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
          .then((result) => {
            if (mine === generation) set((state) => ({ pages: { ...state.pages, [page]: result.items } }));
          })
          .catch((error: Error) => mine === generation && set({ error: error.message }))
          .finally(() => loadingPages.delete(page));
      }
    },

    receive: (batch) => {
      // Matches the feed sends while some exchanges wait to be indexed: the indexer has moved on, so
      // the note of how many still wait is brought up to date now, not at the next periodic check.
      if (get().indexing > 0 && batch.items.length + batch.skipped > 0) askIndexing(generation, get().query);
      if (get().paused) {
        set((state) => ({ waiting: state.waiting + batch.items.length + batch.skipped }));
        return;
      }
      // More arrived than a batch holds, or more than the list keeps above its pages: read it again rather than show a gap.
      if (batch.skipped > 0 || get().live.length + batch.items.length > MAX_LIVE_ROWS) {
        void get().reload();
        return;
      }
      const known = new Set(get().live.map((row) => row.id));
      const anchor = get().anchor ?? 0;
      const fresh = batch.items.filter((row) => row.id > anchor && !known.has(row.id)).reverse();
      if (fresh.length > 0) set((state) => ({ live: [...fresh, ...state.live] }));
    },

    setPaused: (paused) => {
      set({ paused });
      if (!paused && get().waiting > 0) void get().reload();
    },
  };
});
