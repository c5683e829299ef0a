import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { openWorkbench, type Workbench } from '../workbench';
import { serveFromEventLoop } from '../store/database';
import { registerScimErrorHandling, scimClientErrorHandler, scimFrameworkErrors } from './plugins/scim-errors';
import { scimJson } from './plugins/scim-json';
import { scimApi } from './scim-api';

/** The largest request body accepted, advertised as `bulk.maxPayloadSize`. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface BuildServerOptions {
  /** An open workbench to serve; or give `dbPath` and the server opens (and on close, closes) one. */
  workbench?: Workbench;
  dbPath?: string;
  maxResults?: number;
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
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
  const workbench = options.workbench ?? openWorkbench({ dbPath: options.dbPath!, maxResults: options.maxResults });
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  serveFromEventLoop(workbench.db);

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    // Tunnels (ngrok, cloudflared, ssh) connect from loopback and say which public host
    // and scheme the IdP used; meta.location must point there.
    trustProxy: 'loopback',
    // `/Users/?filter=` (Entra's reference tests) and `/scim/v2/users` (ASP.NET servers route
    // case-insensitively, so clients written against them do not mind case) find their route.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, caseSensitive: false },
    ajv: { customOptions: { coerceTypes: true, allErrors: false } },
    frameworkErrors: scimFrameworkErrors,
    clientErrorHandler: scimClientErrorHandler,
  });
  app.decorate('workbench', workbench);
  app.register(scimJson);
  registerScimErrorHandling(app);
  app.register(scimApi, { prefix: '/scim/v2', workbench, workspace: 'default', maxPayloadSize: bodyLimit });
  app.register(scimApi, { prefix: '/w/:workspace/scim/v2', workbench, maxPayloadSize: bodyLimit });
  if (ownsWorkbench) app.addHook('onClose', async () => workbench.close());
  return app;
}
