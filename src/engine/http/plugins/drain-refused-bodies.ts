import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * When a request is answered before its body has arrived (413 for a body over the limit, or any
 * error raised before the body was read), fastify asks Node to close the connection as soon as the
 * answer is written. The client is still writing, so the unread bytes make the kernel reset the
 * connection, and a client that has not yet read the answer sees EPIPE or ECONNRESET instead of
 * the 413. Instead the rest of the body is read and discarded, and the connection stays usable;
 * past `maxDrainedBytes` (listener-limits.ts) the connection is closed after all.
 */
export const drainRefusedBodies = fp(
  async function drainRefusedBodies(app: FastifyInstance, options: { maxDrainedBytes: number }) {
    const limit = options.maxDrainedBytes;
    // Synchronous: every answer passes here, and an async hook costs a promise each time.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (reply.statusCode >= 400 && hasBody(request) && !request.raw.complete && !request.raw.destroyed) {
        if (remainingBytes(request) <= limit) {
          reply.removeHeader('connection');
          discardRest(request, limit);
        }
      }
      done(null, payload);
    });
  },
  { name: 'drain-refused-bodies' },
);

/**
 * A request without a body has nothing to drain. Its `complete` is still false while it is answered
 * in the tick it arrived in (synchronous hooks and handler: Node marks it complete just after), and
 * the header an earlier hook chose (`connection: close` for a connection over the cap) must stay.
 */
function hasBody(request: FastifyRequest): boolean {
  const { headers } = request;
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/** What the client said it still has to send; a chunked body of unknown length counts as 0 here and is capped while read. */
function remainingBytes(request: FastifyRequest): number {
  const declared = Number(request.headers['content-length']);
  return Number.isFinite(declared) ? declared : 0;
}

function discardRest(request: FastifyRequest, limit: number): void {
  const body = request.raw;
  let read = 0;
  body.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > limit) body.socket.destroy();
  });
  body.resume();
}
