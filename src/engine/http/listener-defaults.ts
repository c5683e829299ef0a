// Where `serve` listens and the listener's limits, as data apart from the code that applies them:
// `serve --help` shows them, and the CLI's option definitions must not load node:http and the engine for it.

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;

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
