import { create } from 'zustand';
import type { FeedBatch } from '../../../shared/admin-api';
import type { SessionSummary } from '../../../shared/recording';
import type { AdminClient } from '../api/admin-client';
import { pacedRead } from '../paced-read';
import { useScope } from './scope';

/**
 * Recorded sessions, for the session picker: which one the traffic list shows (written into the
 * scope store), and the actions on sessions. `followLive`: the list shows the current live session
 * and moves with it when a new one starts (Clear, or the current one deleted).
 */
interface SessionsState {
  sessions: SessionSummary[];
  followLive: boolean;
  /** An import running ("Importing…"), or the last action's failure. */
  importing: boolean;
  error?: string;
  load(client: AdminClient): Promise<void>;
  /** Shows the live session (true), one session (its id), or all sessions (undefined). */
  pick(choice: 'live' | number | undefined): void;
  /** Starts a new live session and shows it: the list empties at once. */
  clear(client: AdminClient): Promise<void>;
  rename(client: AdminClient, id: number, name: string): Promise<void>;
  remove(client: AdminClient, id: number): Promise<void>;
  importFile(client: AdminClient, file: File): Promise<void>;
  /** New exchanges change the counts, or belong to a session not listed yet (a replay's): the list is read again, paced. */
  receive(batch: FeedBatch, client: AdminClient): void;
  /**
   * Reads the list every few seconds until the returned function is called: the feed carries only the
   * shown session's traffic, and sessions also start elsewhere (the desktop menu, the CLI's import).
   */
  watch(client: AdminClient): () => void;
  setError(error: string | undefined): void;
}

const WATCH_MS = 3000;

export const currentSession = (sessions: readonly SessionSummary[]) => sessions.find((session) => session.current);

/** Whether the traffic list shows one imported session: it takes no traffic, so there is nothing live to follow. */
export function useShowsImported(): boolean {
  const shown = useScope((state) => state.session);
  return useSessions((state) => shown !== undefined && state.sessions.some((session) => session.id === shown && session.kind === 'imported'));
}

/** The least time between two reads of the list that traffic asks for (paced-read.ts). */
const TRAFFIC_READ_MS = 1000;

/** Field by field: an unchanged list keeps its array, so nothing that shows it renders again. */
const sameSessions = (a: readonly SessionSummary[], b: readonly SessionSummary[]) =>
  a.length === b.length &&
  a.every((session, index) => {
    const other = b[index]!;
    return (Object.keys(session) as (keyof SessionSummary)[]).every((key) => session[key] === other[key]);
  });

export const useSessions = create<SessionsState>((set, get) => {
  /** Numbers the reads: an answer overtaken by a read started after it (Clear's, a rename's) is dropped. */
  let asked = 0;
  let readClient: AdminClient | undefined;
  /** The reads that traffic and the watch ask for, paced: one after a burst's batches, not one per batch. */
  const traffic = pacedRead(() => (readClient ? get().load(readClient) : Promise.resolve()), TRAFFIC_READ_MS);
  const refresh = (client: AdminClient) => {
    readClient = client;
    traffic.ask();
  };
  /** Runs an action, keeping its failure to show beside the picker. */
  const attempt = async (work: () => Promise<void>) => {
    set({ error: undefined });
    try {
      await work();
    } catch (error) {
      set({ error: (error as Error).message });
    }
  };
  const followCurrent = () => {
    if (get().followLive) useScope.getState().setSession(currentSession(get().sessions)?.id);
  };
  return {
    sessions: [],
    followLive: true,
    importing: false,
    load: async (client) => {
      const mine = ++asked;
      const sessions = await client.sessions();
      if (mine !== asked) return;
      if (!sameSessions(sessions, get().sessions)) set({ sessions });
      followCurrent();
    },
    pick: (choice) => {
      set({ followLive: choice === 'live' });
      if (choice === 'live') followCurrent();
      else useScope.getState().setSession(choice);
    },
    clear: (client) =>
      attempt(async () => {
        await client.startSession();
        set({ followLive: true });
        await get().load(client);
      }),
    rename: (client, id, name) =>
      attempt(async () => {
        await client.renameSession(id, name);
        await get().load(client);
      }),
    remove: (client, id) =>
      attempt(async () => {
        await client.deleteSession(id);
        // The list cannot go on showing a session that is gone: back to the live one.
        if (useScope.getState().session === id) set({ followLive: true });
        await get().load(client);
      }),
    importFile: async (client, file) => {
      set({ importing: true, error: undefined });
      try {
        const imported = await client.importSession(file);
        await get().load(client);
        get().pick(imported.id);
      } catch (error) {
        set({ error: `${file.name}: ${(error as Error).message}` });
      } finally {
        set({ importing: false });
      }
    },
    // Counted by the engine, not added up here: the feed also carries what a load has already counted (an import's rows).
    receive: (batch, client) => {
      if (batch.items.length > 0 || batch.skipped > 0) refresh(client);
    },
    watch: (client) => {
      const timer = setInterval(() => refresh(client), WATCH_MS);
      return () => {
        clearInterval(timer);
        traffic.cancel();
      };
    },
    setError: (error) => set({ error }),
  };
});
