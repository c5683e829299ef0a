import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { openWorkbench, type Workbench } from '../workbench';
import { registerScimErrorHandling } from './plugins/scim-errors';
import { MAX_PATH_SEGMENT, RefusedRequests } from './refused-requests';
import { serveFromEventLoop } from '../store/database';
import { scimJson } from './plugins/scim-json';
import { drainRefusedBodies } from './plugins/drain-refused-bodies';
import { answerOverCapConnections, closeConnectionsAnsweredWhileClosing, limitedServerFactory, listenerLimits, type ListenerLimits } from './listener-limits';
import { scimApi } from './scim-api';
import { sendRequestIds } from './request-id';
import { lazyValidatorCompilers } from './lazy-validators';
import { fastifyLogOptions } from '../logging/fastify-log-options';

/** The largest request body accepted, advertised as `bulk.maxPayloadSize`. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface BuildServerOptions {
  /** An open workbench to serve; or give `dbPath` and the server opens (and on close, closes) one. */
  workbench?: Workbench;
  dbPath?: string;
  maxResults?: number;
  bodyLimit?: number;
  /** The clock of the workbench this server opens (see WorkbenchOptions.now); tests hold it still. */
  now?: () => number;
  /** The engine's logger (see logging/engine-log.ts); absent: nothing is logged. */
  logger?: FastifyBaseLogger;
  /** Timeouts and the connection cap (listener-limits.ts); tests shorten them. */
  limits?: Partial<ListenerLimits>;
  /** False: SCIM exchanges are not recorded. Not a user's option: the bench measures what recording costs with it. */
  record?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    workbench: Workbench;
  }
}

/**
 * The SCIM listener: the one HTTP surface a tunnel may expose. Returns a fastify
 * instance that is not listening yet, so tests can `inject` or `listen` on 127.0.0.1.
 */
export function buildServer(options: BuildServerOptions): FastifyInstance {
  if (!options.workbench && !options.dbPath) throw new Error('buildServer needs a workbench or a dbPath.');
  const ownsWorkbench = !options.workbench;
  const workbench = options.workbench ?? openWorkbench({ dbPath: options.dbPath!, maxResults: options.maxResults, now: options.now });
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const limits = listenerLimits(options.limits);
  const refused = new RefusedRequests(workbench.recorder, workbench.workspaces);
  serveFromEventLoop(workbench.db);

  const app = Fastify({
    ...fastifyLogOptions(options.logger),
    bodyLimit,
    serverFactory: limitedServerFactory(limits),
    // Tunnels (ngrok, cloudflared, ssh) connect from loopback and say which public host
    // and scheme the IdP used; meta.location must point there.
    trustProxy: 'loopback',
    // `/Users/?filter=` (Entra's reference tests) and `/scim/v2/users` (ASP.NET servers route
    // case-insensitively, so clients written against them do not mind case) find their route.
    // maxParamLength: fastify's 100 would answer 414 to ids the SCIM id schema accepts (up to 256).
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, caseSensitive: false, maxParamLength: MAX_PATH_SEGMENT },
    ajv: { customOptions: { coerceTypes: true, allErrors: false } },
    schemaController: { compilersFactory: lazyValidatorCompilers() },
    // Requests refused before any route runs are answered with SCIM errors and recorded in summary form.
    frameworkErrors: refused.frameworkErrors,
    clientErrorHandler: refused.clientErrorHandler,
  });
  app.decorate('workbench', workbench);
  sendRequestIds(app);
  app.register(scimJson);
  app.register(drainRefusedBodies, { maxDrainedBytes: limits.maxDrainedBodyBytes });
  answerOverCapConnections(app);
  closeConnectionsAnsweredWhileClosing(app);
  // Its hooks record whatever the SCIM API did not: with recording off, that would be every request.
  if (options.record !== false) refused.register(app);
  registerScimErrorHandling(app);
  const record = options.record;
  app.register(scimApi, { prefix: '/scim/v2', workbench, workspace: 'default', maxPayloadSize: bodyLimit, record });
  app.register(scimApi, { prefix: '/w/:workspace/scim/v2', workbench, maxPayloadSize: bodyLimit, record });
  // Retention runs where traffic arrives, for as long as the listener is up (not in one-shot CLI commands).
  app.addHook('onListen', async () => workbench.retention.start());
  app.addHook('onClose', async () => workbench.retention.stop());
  if (ownsWorkbench) app.addHook('onClose', async () => workbench.close());
  return app;
}
