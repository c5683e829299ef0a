import { ResourceService } from './resources/resource-service';
import { OPEN_BUSY_TIMEOUT_MS, openDatabase, type Database } from './store/database';
import { ResourceStore } from './store/resources';
import { RecordingStore } from './store/recordings';
import { Recorder } from './recorder/recorder';
import { WorkspaceStore } from './store/workspaces';
import { AccessTokenStore } from './store/access-tokens';
import { AppSettingsStore } from './store/app-settings';
import { MappingStore } from './store/mappings';
import { MappingService } from './mappings/mapping-service';
import { ExchangeRetentionStore } from './store/exchange-retention';
import { Retention } from './recorder/retention';
import { ReplaySessions } from './recorder/replay-sessions';
import { SearchIndexer, type SearchIndexerOptions } from './search/search-indexer';
import { WalCheckpointer } from './store/wal-checkpointer';
import { FaultEngine } from './faults/fault-engine';

export interface WorkbenchOptions {
  /** SQLite file; ':memory:' for a throwaway one. */
  dbPath: string;
  /** Most resources per list page, advertised as `filter.maxResults`. */
  maxResults?: number;
  /** The clock of retention (exchange age), of the unauthenticated requests' rate cap and of OAuth token expiry; tests move it by hand. */
  now?: () => number;
  /** Failures off the request path (recording, pruning); the engine sends them to its log. */
  warn?: (message: string, error?: unknown) => void;
  /** The search indexer's pace (tests make its batches small to see it work in steps). */
  searchIndexer?: Omit<SearchIndexerOptions, 'warn'>;
}

export const DEFAULT_MAX_RESULTS = 1000;

/**
 * The engine's state behind one database file: the stores and the services built on them.
 * The HTTP surfaces, the CLI and the Electron shell all hold one of these; each user
 * action is a method on one of its parts.
 */
export interface Workbench {
  db: Database;
  dbPath: string;
  maxResults: number;
  workspaces: WorkspaceStore;
  /** OAuth access tokens the workspaces' token endpoints issued (auth mode `oauth`). */
  accessTokens: AccessTokenStore;
  resources: ResourceService;
  /** Sessions, exchanges and resource versions (see recorder/). */
  recordings: RecordingStore;
  recorder: Recorder;
  /** Running replays' sessions: their traffic to this workbench is recorded there, not in the live session. */
  replaySessions: ReplaySessions;
  /** Keeps recorded traffic within each workspace's `retention` (the SCIM listener runs it every minute). */
  retention: Retention;
  /** Settings of this installation (the tunnel's), never exported. */
  appSettings: AppSettingsStore;
  /** The app side: mappings, app view, preview, per-exchange app effect. */
  mappings: MappingService;
  /**
   * Indexes recorded exchanges for the inspector's search in the background; the engine starts it
   * when serving (commands that only write, like import, leave the rows for it), close() stops it.
   */
  searchIndexer: SearchIndexer;
  /** The chaos lab: fault rules and breakpoints (engine/faults). */
  faults: FaultEngine;
  /** Copies the WAL back into the file on a worker thread; the engine starts it when serving, close() stops it. */
  checkpointer: WalCheckpointer;
  close(): void;
}

export function openWorkbench(options: WorkbenchOptions): Workbench {
  const db = openDatabase(options.dbPath);
  const maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
  const workspaces = new WorkspaceStore(db);
  workspaces.ensureDefault();
  const recordings = new RecordingStore(db);
  const now = options.now ?? Date.now;
  const replaySessions = new ReplaySessions();
  const recorder = new Recorder(recordings, { extensionsOf: (slug) => workspaces.find(slug)?.settings.extensions, now, warn: options.warn, replaySessions });
  const retention = new Retention({ db, store: new ExchangeRetentionStore(db), workspaces, recorder, recordings, now });
  const resourceStore = new ResourceStore(db);
  workspaces.onDeleted(() => resourceStore.forgetCaches());
  const resources = new ResourceService(resourceStore, { maxResults });
  const searchIndexer = new SearchIndexer(db, { ...options.searchIndexer, warn: options.warn });
  const faults = new FaultEngine(db, workspaces);
  const checkpointer = new WalCheckpointer(db, { warn: options.warn });
  const mappings = new MappingService(workspaces, resources, new MappingStore(db), recordings);
  workspaces.guardSettings((workspace, settings) => mappings.checkSettings(workspace, settings));
  return {
    db,
    dbPath: options.dbPath,
    maxResults,
    workspaces,
    accessTokens: new AccessTokenStore(db, now),
    resources,
    recordings,
    recorder,
    replaySessions,
    retention,
    appSettings: new AppSettingsStore(db),
    mappings,
    searchIndexer,
    faults,
    checkpointer,
    close: () => {
      faults.breakpoints.releaseAll();
      retention.stop();
      searchIndexer.stop();
      // The engine awaits it before; here only told to stop, so that no checkpoint outlives the workbench.
      void checkpointer.stop();
      if (!db.open) return;
      try {
        // The serving connection gives up on another process's lock within milliseconds; the last
        // flush may wait as a one-shot command does.
        db.pragma(`busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
        // Counts of dropped unauthenticated requests are written, not lost with the process.
        recorder.unauthenticated.reportDropped();
        recorder.flush();
      } catch (error) {
        recorder.warn(`SCIM Workbench could not record its last exchanges before closing: ${(error as Error).message}`, error);
      } finally {
        db.close();
      }
    },
  };
}
