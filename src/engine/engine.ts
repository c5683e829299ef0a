import { defaultDbPath } from './data-dir';
import { buildServer } from './http/scim-server';
import { DEFAULT_WORKSPACE } from './store/workspaces';
import { openWorkbench, type Workbench } from './workbench';

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
}

export interface RunningEngine {
  scimBaseUrl: string;
  token: string;
  dbPath: string;
  workbench: Workbench;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;

/** Opens the database and starts the SCIM listener: what `scim-workbench serve` and the desktop app run. */
export async function startEngine(options: EngineOptions = {}): Promise<RunningEngine> {
  const dbPath = options.dbPath ?? defaultDbPath();
  const workbench = openWorkbench({ dbPath });
  try {
    if (options.token !== undefined) workbench.workspaces.setToken(DEFAULT_WORKSPACE, options.token);
    const app = buildServer({ workbench });
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
    return {
      scimBaseUrl: `http://${urlHost}:${port}/scim/v2`,
      token: workbench.workspaces.ensureDefault().token,
      dbPath,
      workbench,
      close: async () => {
        await app.close();
        workbench.close();
      },
    };
  } catch (error) {
    workbench.close();
    throw error;
  }
}
