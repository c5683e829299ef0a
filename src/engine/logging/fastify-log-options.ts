import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import { newRequestId } from '../http/request-id';

/**
 * fastify's own log lines, errors only: a line per request ("incoming request", "request completed",
 * "route not found") would cost every request a write, and `serve` already prints one to stdout. An
 * error fastify meets after the response went (a hook failing) is still logged, with its request id.
 */
class ErrorsOnly extends LogController {
  override incomingRequest(): void {}
  override routeNotFound(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (error) super.requestCompleted(error, request, reply, metadata);
  }
}

/** How both fastify instances (SCIM and admin) log: through the engine's logger when given one, each request under a random id. */
export function fastifyLogOptions(logger: FastifyBaseLogger | undefined) {
  return {
    ...(logger ? { loggerInstance: logger } : { logger: false as const }),
    logController: new ErrorsOnly(),
    genReqId: newRequestId,
  };
}
