import { join } from 'node:path';
import { DEFAULT_DB_FILE } from '../engine/data-dir';
import { LOG_DIR_NAME } from '../engine/logging/log-location';
import type { EngineOptions, RunningEngine } from '../engine/engine';

/** Loopback only: the workbench is a local debugging tool, never a network service. */
export const DESKTOP_ENGINE_HOST = '127.0.0.1';
/**
 * A fixed port rather than port 0, so the SCIM base URL pasted into Okta / Entra ID /
 * OneLogin (usually via a tunnel) stays valid across restarts.
 */
export const DESKTOP_ENGINE_PORT = 8787;

/**
 * The window loads the inspector from a file:// page, whose requests to the admin API say
 * `Origin: file://` — or `null`, depending on the Electron version. `null` is also what a
 * sandboxed frame says, but such a page cannot send the admin token's header: that needs a CORS
 * preflight the admin API never grants.
 */
export const DESKTOP_WINDOW_ORIGINS: readonly string[] = ['file://', 'null'];

/** Same database file and log folder the CLI uses by default (userData is defaultDataDir()). */
export function desktopEngineOptions(userDataDir: string): EngineOptions {
  return {
    dbPath: join(userDataDir, DEFAULT_DB_FILE),
    // The window has no console: 500s and tunnel drops are found in userData/logs/workbench.log.
    logDir: join(userDataDir, LOG_DIR_NAME),
    host: DESKTOP_ENGINE_HOST,
    port: DESKTOP_ENGINE_PORT,
    adminWindowOrigins: DESKTOP_WINDOW_ORIGINS,
    // adminPort and adminToken stay fresh per launch (unlike `serve`, which remembers them): the
    // window gets both from the bridge at each start and its inspector lives and dies with the
    // engine, so no tab outlives a restart — and an unguessable port per launch costs nothing.
  };
}

export interface StartFailure {
  title: string;
  message: string;
}

/** Turns a startEngine() rejection into the text of the error dialog. */
export function describeStartFailure(error: unknown, port: number = DESKTOP_ENGINE_PORT): StartFailure {
  if (isAddressInUse(error)) {
    return {
      title: `Port ${port} is already in use`,
      message:
        `SCIM Workbench serves SCIM on http://${DESKTOP_ENGINE_HOST}:${port}, but another program is using that port.\n\n` +
        'If `npx scim-workbench serve` or another copy of SCIM Workbench is running, stop it and start the app again.',
    };
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return {
      title: 'The database is in use',
      message: `Another program holds the SCIM Workbench database (${detail}).\n\nClose other copies of SCIM Workbench and any \`scim-workbench\` command using it, then start the app again.`,
    };
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return {
      title: 'The database file is damaged',
      message: `SCIM Workbench cannot read its database (${detail}).\n\nMove workbench.db out of the app's data folder to start with an empty one (keep the file: exported sessions can be recovered from it with sqlite3), then start the app again.`,
    };
  }
  return {
    title: 'SCIM Workbench could not start its SCIM server',
    message: error instanceof Error ? error.message : String(error),
  };
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE';
}

/** The slice of Electron's `app` we use, so tests can pass a fake. */
export interface QuittingApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Closes the engine (HTTP server + SQLite, flushing the WAL) before the process exits.
 * Electron does not wait for promises in quit handlers, so the first 'will-quit' is
 * cancelled and quit() is called again once close() has settled.
 */
export function closeEngineOnQuit(
  app: QuittingApp,
  engine: Pick<RunningEngine, 'close'>,
  logError: (message: string, error: unknown) => void = console.error,
): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    engine
      .close()
      .catch((error: unknown) => logError('The SCIM engine did not close cleanly', error))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}
