import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { ADMIN_API_PREFIX, type EngineInfoResponse } from '../../shared/admin-api';
import { WORKBENCH_VERSION } from '../version';
import type { Workbench } from '../workbench';
import { refuseCrossOriginWrites, requireAdminToken, requireLoopback } from './admin-auth';
import { inspectorFiles } from './inspector-files';
import { AdminError } from './admin-error';
import { holdIntegerQueriesToDigits } from './integer-query';
import { formatSchemaErrors } from './schema-errors';
import { exchangeRoutes } from './routes/exchanges';
import { feedRoutes } from './routes/feed';
import { faultRoutes } from './routes/faults';
import { sessionRoutes } from './routes/sessions';
import { verdictRoutes } from './routes/verdicts';
import { workspaceRoutes } from './routes/workspaces';
import { workspaceConnectionRoutes } from './routes/workspace-connection';
import { workspaceProxyRoutes } from './routes/workspace-proxy';
import { tunnelRoutes } from './routes/tunnel';
import { mappingRoutes } from './routes/mappings';
import { replayRoutes } from './routes/replay';
import { ReplayJobs } from '../replay/replay-jobs';
import { simulatorRoutes } from './routes/simulator';
import { TrafficJobs } from '../simulator/traffic-jobs';
import { suiteRoutes } from './routes/suites';
import { reactionRoutes } from './routes/reaction';
import { SuiteJobs } from '../conformance/suite-jobs';
import type { TunnelManager } from '../tunnels/tunnel-manager';
import { sendRequestIds } from '../http/request-id';
import { fastifyLogOptions } from '../logging/fastify-log-options';
import { lazyValidatorCompilers } from '../http/lazy-validators';
import { databaseUnavailable, RetryLaterError } from '../http/database-unavailable';

export interface AdminServerOptions {
  workbench: Workbench;
  /** The admin token (see generateToken); never the SCIM token. */
  token: string;
  /** The live feed's poll interval (tests shorten it). */
  feedIntervalMs?: number;
  /** The built inspector to serve at `/` (see findInspectorDir); absent: a page saying how to build it. */
  inspectorDir?: string;
  /** The SCIM listener's base URL, shown on the inspector's connection card. */
  scimBaseUrl?: string;
  /** The engine's tunnel (absent when the admin server runs without a SCIM listener, in tests). */
  tunnels?: TunnelManager;
  /** The engine's logger (see logging/engine-log.ts); absent: nothing is logged. */
  logger?: FastifyBaseLogger;
  /**
   * Origins besides this listener's own from which writes are accepted: the desktop window's (it
   * loads the inspector from a file:// page). Absent for `serve`, whose inspector is served here.
   */
  windowOrigins?: readonly string[];
  /** The largest session file or HAR an import accepts (IMPORT_BODY_LIMIT; tests make it small). */
  importBodyLimit?: number;
  /**
   * Members of the large group the conformance check builds (DEFAULT_LARGE_GROUP_SIZE, 300): browser
   * tests about the check's screens, not about large groups, make it small.
   */
  checkLargeGroupSize?: number;
  /** The demo's wait between requests (DEMO_DELAY_MS, a pace a person can follow): browser tests about its screens make it short. */
  demoDelayMs?: number;
}

/**
 * The inspector's admin API: its own fastify instance, for its own listener on 127.0.0.1 (see
 * engine.ts), guarded by its own token. The SCIM server never registers these routes, so a
 * tunnel — which forwards only the SCIM listener — cannot reach them.
 */
export function buildAdminServer(options: AdminServerOptions): FastifyInstance {
  const { workbench } = options;
  const app = Fastify({
    ...fastifyLogOptions(options.logger),
    bodyLimit: 64 * 1024 * 1024,
    // Route schemas are TypeBox (schema-parts.ts); ajv checks them. `discriminator` for byKind's
    // unions, `verbose` for formatSchemaErrors to name what a schema allows.
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, discriminator: true, verbose: true } },
    schemaErrorFormatter: formatSchemaErrors,
    schemaController: { compilersFactory: lazyValidatorCompilers() },
  });
  holdIntegerQueriesToDigits(app);
  sendRequestIds(app);
  // The inspector holds the admin token: no other page may frame it (clickjacking), in any browser.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', "frame-ancestors 'none'");
    reply.header('x-frame-options', 'DENY');
  });
  app.setErrorHandler((error: FastifyError | AdminError, request, reply) => {
    if (error instanceof AdminError) return reply.code(error.status).send({ error: error.message });
    if ((error as FastifyError).validation) return reply.code(400).send({ error: `Bad request: ${error.message}` });
    // Locked by another process, or a full disk: the same answer (503 + Retry-After, 507) as on the SCIM API.
    const unavailable = databaseUnavailable(error, workbench.db.name);
    if (unavailable) {
      if (unavailable instanceof RetryLaterError) reply.header('retry-after', String(unavailable.retryAfterSeconds));
      return reply.code(unavailable.status).send({ error: unavailable.message });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ error: error.message });
    request.log.error({ err: error }, `Admin API request ${request.method} ${request.url.split('?')[0]} failed`);
    return reply.code(status).send({ error: `Internal error: ${error.message} (see the log, correlation id ${request.id}).` });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `No admin API route ${request.method} ${request.url.split('?')[0]}.` }));
  requireLoopback(app);
  refuseCrossOriginWrites(app, options.windowOrigins);
  const { recordings, workspaces, resources } = workbench;
  app.register(inspectorFiles, { dir: options.inspectorDir });
  app.register(
    async (api) => {
      requireAdminToken(api, options.token);
      api.get('/info', async (): Promise<EngineInfoResponse> => ({
        ...(options.scimBaseUrl && { scimBaseUrl: options.scimBaseUrl }),
        token: workspaces.ensureDefault().token,
        version: WORKBENCH_VERSION,
        ...(options.tunnels?.state && { tunnel: options.tunnels.state }),
      }));
      await api.register(exchangeRoutes, { recordings, indexer: workbench.searchIndexer });
      await api.register(sessionRoutes, { recordings, workspaces, importBodyLimit: options.importBodyLimit });
      await api.register(verdictRoutes, { recordings });
      await api.register(workspaceRoutes, { workspaces, resources, recordings, scimBaseUrl: options.scimBaseUrl });
      await api.register(feedRoutes, { recordings, indexer: workbench.searchIndexer, intervalMs: options.feedIntervalMs, faults: workbench.faults });
      await api.register(faultRoutes, { faults: workbench.faults });
      await api.register(workspaceConnectionRoutes, { workspaces, scimBaseUrl: options.scimBaseUrl, tunnels: options.tunnels });
      await api.register(workspaceProxyRoutes, { db: workbench.db, workspaces });
      await api.register(mappingRoutes, { mappings: workbench.mappings });
      await api.register(reactionRoutes, { recordings, workspaces });
      if (options.scimBaseUrl) {
        const scimOrigin = new URL(options.scimBaseUrl).origin;
        await api.register(replayRoutes, { replays: new ReplayJobs(recordings, workspaces, scimOrigin, workbench.replaySessions) });
        const traffic = new TrafficJobs(workspaces, scimOrigin, options.checkLargeGroupSize, options.demoDelayMs);
        await api.register(simulatorRoutes, { jobs: traffic });
        await api.register(suiteRoutes, { suites: new SuiteJobs((target) => traffic.resolve(target)) });
      }
      if (options.tunnels) {
        await api.register(tunnelRoutes, { tunnels: options.tunnels, appSettings: workbench.appSettings, workspaces, scimBaseUrl: options.scimBaseUrl });
      }
    },
    { prefix: ADMIN_API_PREFIX },
  );
  return app;
}
