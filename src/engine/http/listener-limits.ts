import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { RetryLaterError } from './database-unavailable';
import { DEFAULT_LISTENER_LIMITS, type ListenerLimits } from './listener-defaults';

export { DEFAULT_LISTENER_LIMITS, type ListenerLimits } from './listener-defaults';

export function listenerLimits(overrides: Partial<ListenerLimits> = {}): ListenerLimits {
  const limits = { ...DEFAULT_LISTENER_LIMITS, ...overrides };
  // Node refuses a header timeout longer than the request timeout.
  limits.headersTimeoutMs = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return limits;
}

/** fastify's `serverFactory`: the HTTP/1.1 server with the limits above. */
export function limitedServerFactory(limits: ListenerLimits) {
  return (handler: (request: IncomingMessage, response: ServerResponse) => void): Server => {
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
      },
      handler,
    );
    server.keepAliveTimeout = limits.keepAliveTimeoutMs;
    // Node closes a connection over its own cap without a word, and an HTTP client whose connection
    // closes before it wrote may retry or wait instead of failing (Node's fetch does, across
    // processes): the soft cap below answers instead, and only a flood reaches this one.
    server.maxConnections = limits.maxConnections * HARD_CAP_FACTOR;
    let open = 0;
    server.on('connection', (socket: Socket) => {
      open++;
      if (open > limits.maxConnections) overCap.add(socket);
      socket.once('close', () => open--);
    });
    return server;
  };
}

/** How far past `maxConnections` connections are still accepted, to be told 503 rather than dropped. */
export const HARD_CAP_FACTOR = 4;

/** Connections accepted while `maxConnections` others were open. */
const overCap = new WeakSet<Socket>();

/**
 * A request on a connection over the cap gets a SCIM 503 with `Retry-After` and the connection is
 * closed after it, so a client learns to come back (RFC 7644 §3.12) instead of seeing a reset.
 */
export function answerOverCapConnections(app: FastifyInstance): void {
  // Synchronous hooks (a throw is a rejection): every request passes them, an async one costs a promise each.
  app.addHook('onRequest', (request, reply, done) => {
    if (!overCap.has(request.raw.socket)) return done();
    reply.header('connection', 'close');
    throw new RetryLaterError('The server has too many connections open; retry in a moment.', 1);
  });
  // The connection closes after its answer even when the answer came before the body and the rest
  // of the body is being drained (drain-refused-bodies.ts keeps the connection open for that):
  // else a client that pools connections would be told 503 on this one until it went idle.
  app.addHook('onResponse', (request, _reply, done) => {
    const socket = request.raw.socket;
    if (overCap.has(socket)) {
      if (request.raw.complete) socket.end();
      else request.raw.once('end', () => socket.end());
    }
    done();
  });
}

/**
 * An answer that leaves once the listener has begun to close closes its connection: fastify closes
 * only the connections idle at that moment, so a keep-alive connection answered later (a write
 * waiting for its group's COMMIT, an exchange a breakpoint held until the close released it) would
 * hold the close for the keep-alive timeout.
 */
export function closeConnectionsAnsweredWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
