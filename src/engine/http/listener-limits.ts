import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { RetryLaterError } from './database-unavailable';

/**
 * How long the SCIM listener waits for a client, and how many it serves at once. Without these a
 * client that sends headers and half a body, then stops, holds its connection (and the request it
 * started) forever; enough of them and the listener stops answering anyone.
 */
export interface ListenerLimits {
  /** The request line and all headers must arrive within this (ms); then 408 and the socket closes. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (ms); then 408 and the socket closes. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
  /** How often Node looks for requests past the two timeouts above (ms): the timeouts' granularity. */
  timeoutCheckIntervalMs: number;
  /**
   * Connections served at once. A request on a connection beyond this is answered 503 with
   * `Retry-After` and the connection closed (see answerOverCapConnections); beyond
   * HARD_CAP_FACTOR times this, connections are closed as soon as they are accepted.
   */
  maxConnections: number;
  /**
   * The most of a refused body (413, or any answer given before the body arrived) read and thrown
   * away so the client reads the answer instead of a reset; past it the connection is closed.
   */
  maxDrainedBodyBytes: number;
}

export const DEFAULT_LISTENER_LIMITS: ListenerLimits = {
  // An IdP sends its headers in one packet; 10 s leaves room for a slow tunnel hop and still frees a
  // connection that opened and went quiet (a port scanner, a half-open client) soon.
  headersTimeoutMs: 10_000,
  // The largest accepted body is 1 MiB (bulk.maxPayloadSize): 30 s is a 1 MiB body at ~35 KB/s, far
  // slower than any IdP or tunnel, yet short enough that a stalled upload does not linger.
  requestTimeoutMs: 30_000,
  // Longer than the 60 s idle timeout of the proxies a tunnel or an IdP puts in front (cloudflared,
  // ngrok, load balancers), so they close first and never send a request on a connection we are closing.
  keepAliveTimeoutMs: 72_000,
  // Node's default (30 s) would let a 10 s header timeout fire after up to 40 s.
  timeoutCheckIntervalMs: 1_000,
  // Okta and Entra use a handful of connections; a load test a few dozen. 256 is far above that, and
  // with the hard cap (4×) still below the process's usual file-descriptor limit (1024), which SQLite
  // and the admin API need too.
  maxConnections: 256,
  // A few times the 1 MiB limit covers what IdPs and scripts send by mistake (a 5 MB export); the
  // request timeout bounds how long the reading takes.
  maxDrainedBodyBytes: 64 * 1024 * 1024,
};

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
