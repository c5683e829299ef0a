import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** The response header naming a request's correlation id: the id its log lines and recorded exchange carry. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * fastify's `genReqId`. A random UUID rather than fastify's counter: a counter restarts at 1 with
 * every run, so an id quoted from an old 500 would match a line of another run. A client's own
 * Request-Id is not taken (fastify's requestIdHeader stays off), so no one can plant an id onto
 * someone else's log lines.
 */
export const newRequestId = (): string => randomUUID();

/** Every response says its request's id, errors (500s above all) included. */
export function sendRequestIds(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, and needs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
