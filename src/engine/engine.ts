import { defaultDbPath } from './data-dir';
import { DEFAULT_HOST, DEFAULT_PORT } from './http/listener-defaults';
import type { ListenerLimits } from './http/listener-limits';
import { connectAsTunnel } from './http/tunnel-connections';
import type { TunnelProvider, TunnelStatus } from './tunnels/tunnel';
import { TunnelManager } from './tunnels/tunnel-manager';
import { readTunnelSettings, type TunnelSettings } from './tunnels/tunnel-settings';
import { findInspectorDir } from './admin/inspector-files';
import type { AppSettingsStore } from './store/app-settings';
import { checkTokenText, DEFAULT_WORKSPACE } from './store/workspaces';
import { AdminPortInUseError, chooseAdminToken, listenAdmin, type AdminListening, type AdminTokenChoice } from './admin/admin-address';
import { openWorkbench, type Workbench } from './workbench';
import { logDirFor } from './logging/log-location';
import type { RotationOptions } from './logging/rotating-file';
import { logTunnelStatus } from './logging/tunnel-log';

export interface EngineOptions {
  /** SQLite file; defaults to the user's data directory (shared with the desktop app). */
  dbPath?: string;
  /** Interface for the SCIM listener; 127.0.0.1 unless the user asks otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Sets the default workspace's token (e.g. a fixed one for CI); otherwise the stored one is kept. */
  token?: string;
  /** One line per SCIM request (method, path, status, time); never headers or bodies. */
  onRequestLog?: (line: string) => void;
  /**
   * Port of the admin API (always on 127.0.0.1); 0, the default, picks a free one. 'remembered'
   * (`serve`): the one the last start on this database took, or a free one — then remembered — the
   * first time or when that one is in use (see admin/admin-address.ts).
   */
  adminPort?: number | 'remembered';
  /**
   * The admin API's token; a fresh random one per start by default. 'remembered' (`serve`): kept in
   * the database's app settings, made on first use; 'new-remembered': a fresh one kept from now on.
   */
  adminToken?: AdminTokenChoice;
  /** The built inspector the admin listener serves; found beside the engine by default (tests pass their own build). */
  inspectorDir?: string;
  /** Origins of a window that is not served by the admin listener but may write through it (the desktop app's). */
  adminWindowOrigins?: readonly string[];
  /**
   * A tunnel to expose the SCIM listener (only it) to the internet; started once the listener is up.
   * A function is given the stored tunnel settings (the inspector's), for the CLI's flags to fall back to.
   */
  tunnel?: TunnelProvider | ((stored: TunnelSettings, appSettings: AppSettingsStore) => TunnelProvider);
  /** Tunnel status changes (connecting, online with the public URL, reconnecting, failed). */
  onTunnelStatus?: (status: TunnelStatus) => void;
  /** Folder of the rotating `workbench.log`; defaults to `logs/` beside the database; false: no log file. */
  logDir?: string | false;
  /** Also write the log to stderr (`serve`). */
  logToStderr?: boolean;
  /** Log rotation (tests make it small); 10 MB × 5 files by default. */
  logRotation?: RotationOptions;
  /** The SCIM listener's timeouts and connection cap; defaults in http/listener-limits.ts. */
  limits?: Partial<ListenerLimits>;
  /** Members of the conformance check's large group in the admin API's check jobs (tests make it small; 300 by default). */
  checkLargeGroupSize?: number;
}

export interface RunningEngine {
  scimBaseUrl: string;
  token: string;
  /** The inspector's admin API, e.g. `http://127.0.0.1:51234/api`; reachable from this machine only. */
  adminUrl: string;
  adminToken: string;
  /** The remembered admin port that was in use at start, so another was taken (adminPort 'remembered'). */
  adminPortMovedFrom?: number;
  /** Opens the inspector in a browser already authorised: the token travels in the fragment, never to a server log. */
  inspectorUrl: string;
  /** The SCIM base URL as the IdP reaches it through the tunnel, when one is up. */
  publicScimBaseUrl?: string;
  dbPath: string;
  /** The engine's log file (500s name their correlation id in it), unless logging to a file is off. */
  logFile?: string;
  workbench: Workbench;
  /** Start and stop tunnels while running (the inspector's tunnel panel). */
  tunnels: TunnelManager;
  close(): Promise<void>;
}

export { DEFAULT_HOST, DEFAULT_PORT };

/** Opens the database and starts the SCIM listener: what `scim-workbench serve` and the desktop app run. */
export async function startEngine(options: EngineOptions = {}): Promise<RunningEngine> {
  // Loaded here rather than at the top: fastify (and pino) are most of the engine's load time, and CLI
  // commands that start no listener (sessions, token, --version…) should not wait for them.
  const [{ buildServer }, { buildAdminServer }, { createEngineLog }] = await Promise.all([
    import('./http/scim-server'),
    import('./admin/admin-server'),
    import('./logging/engine-log'),
  ]);
  // A token it would refuse later is refused before anything opens or listens.
  if (options.token !== undefined) checkTokenText(options.token);
  const dbPath = options.dbPath ?? defaultDbPath();
  const log = createEngineLog({
    dir: options.logDir === false ? undefined : (options.logDir ?? logDirFor(dbPath)),
    stderr: options.logToStderr,
    rotation: options.logRotation,
  });
  const logger = log.logger;
  logger.info(`Engine starting (database ${dbPath})`);
  let workbench: Workbench;
  try {
    workbench = openWorkbench({ dbPath, warn: (message, error) => logger.warn({ err: error }, message) });
  } catch (error) {
    if (isStartCondition(error)) logger.error(`Engine failed to start: cannot open the database: ${(error as Error).message}`);
    else logger.error({ err: error }, 'Engine failed to start: cannot open the database');
    log.close();
    throw error;
  }
  // Closed again when the start fails after it listens: an open listener would keep the process alive,
  // serving from a closed database.
  let scimListener: ReturnType<typeof buildServer> | undefined;
  let adminListener: ReturnType<typeof buildAdminServer> | undefined;
  let tunnelManager: TunnelManager | undefined;
  try {
    const app = buildServer({ workbench, logger: logger.child({ surface: 'scim' }), limits: options.limits });
    scimListener = app;
    if (options.onRequestLog) {
      const log = options.onRequestLog;
      app.addHook('onResponse', async (request, reply) => {
        log(`${request.method} ${request.url.split('?')[0]} → ${reply.statusCode} (${reply.elapsedTime.toFixed(1)} ms)`);
      });
    }
    const host = options.host ?? DEFAULT_HOST;
    await app.listen({ host, port: options.port ?? DEFAULT_PORT });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
    // Its own listener, always loopback, whatever --host the SCIM listener got.
    const adminToken = chooseAdminToken(options.adminToken, workbench.appSettings);
    const scimBaseUrl = `http://${urlHost}:${port}/scim/v2`;
    const scimPort = Number(port);
    const tunnels = new TunnelManager({ host: '127.0.0.1', port: scimPort, connect: () => connectAsTunnel('127.0.0.1', scimPort) }, workbench.appSettings);
    tunnelManager = tunnels;
    tunnels.onStatus((status) => logTunnelStatus(logger, status));
    if (options.onTunnelStatus) tunnels.onStatus(options.onTunnelStatus);
    const admin = buildAdminServer({
      workbench,
      token: adminToken,
      inspectorDir: options.inspectorDir ?? findInspectorDir(),
      scimBaseUrl,
      tunnels,
      windowOrigins: options.adminWindowOrigins,
      logger: logger.child({ surface: 'admin' }),
      checkLargeGroupSize: options.checkLargeGroupSize,
    });
    adminListener = admin;
    const adminListening: AdminListening = await listenAdmin(admin, options.adminPort ?? 0, workbench.appSettings);
    let publicScimBaseUrl: string | undefined;
    if (options.tunnel) {
      const provider = typeof options.tunnel === 'function' ? options.tunnel(readTunnelSettings(workbench.appSettings), workbench.appSettings) : options.tunnel;
      publicScimBaseUrl = await tunnels.start(provider);
    }
    // Only once everything listens: a start that fails (a port taken, the database locked) changes nothing stored.
    if (options.token !== undefined) workbench.workspaces.setToken(DEFAULT_WORKSPACE, options.token);
    // Exchanges are indexed for the inspector's search from now on, off the SCIM request path.
    workbench.searchIndexer.start();
    // And the WAL is copied back into the file on a worker thread, not inside a SCIM write's COMMIT
    // (the thread starts once the WAL passes a megabyte).
    workbench.checkpointer.start();
    const adminPort = adminListening.port;
    // Addresses only: the SCIM and admin tokens are printed by `serve`, never logged.
    logger.info(`SCIM API listening on ${scimBaseUrl}`);
    logger.info(`Admin API listening on http://127.0.0.1:${adminPort}/api (this machine only)`);
    return {
      scimBaseUrl,
      token: workbench.workspaces.ensureDefault().token,
      adminUrl: `http://127.0.0.1:${adminPort}/api`,
      adminToken,
      ...(adminListening.movedFrom !== undefined && { adminPortMovedFrom: adminListening.movedFrom }),
      inspectorUrl: `http://127.0.0.1:${adminPort}/#token=${adminToken}`,
      publicScimBaseUrl,
      dbPath,
      logFile: log.file,
      workbench,
      tunnels,
      close: async () => {
        logger.info('Engine stopping');
        try {
          await tunnels.stop();
          await Promise.all([app.close(), admin.close()]);
          await workbench.checkpointer.stop();
          workbench.close();
          logger.info('Engine stopped');
        } catch (error) {
          logger.error({ err: error }, 'Engine did not stop cleanly');
          throw error;
        } finally {
          log.close();
        }
      },
    };
  } catch (error) {
    // A condition of the machine (a port taken, the database locked) is said without a stack: the stack
    // is for faults of the engine, and on stderr it buries the message `serve` prints after it.
    if (isStartCondition(error)) logger.error(`Engine failed to start: ${(error as Error).message}`);
    else logger.error({ err: error }, 'Engine failed to start');
    // Whatever already listens or runs is stopped: nothing may keep the process alive, serving from a closed database.
    await tunnelManager?.stop().catch(() => undefined);
    await Promise.all([scimListener?.close(), adminListener?.close()].map((closing) => closing?.catch(() => undefined)));
    workbench.close();
    log.close();
    throw error;
  }
}

/** Codes of start failures that are the machine's state or the user's input, not a fault of the engine. */
const START_CONDITIONS = new Set([
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'EACCES',
  'ENOTFOUND',
  'EAI_AGAIN',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
  'SQLITE_READONLY',
]);

function isStartCondition(error: unknown): boolean {
  return error instanceof AdminPortInUseError || START_CONDITIONS.has(String((error as { code?: unknown }).code));
}
