import { LogController, type FastifyBaseLogger } from 'fastify';
import { newRequestId } from '../http/request-id';

/**
 * How both fastify instances (SCIM and admin) log: through the engine's logger when given one,
 * each request under a random id (`reqId` in its lines, X-Request-Id on its response), and only
 * errors and lifecycle — a line per request would cost every request a write, and `serve`
 * already prints one to stdout.
 */
export function fastifyLogOptions(logger: FastifyBaseLogger | undefined) {
  return {
    ...(logger ? { loggerInstance: logger } : { logger: false as const }),
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: newRequestId,
  };
}
