import { connect, type Socket } from 'node:net';
import { pipeBoth } from './pipe-both';
import { TunnelError, type TunnelTarget } from './tunnel';
import { parseJsonObject } from '../../shared/json-values';

/*
 * A client for the localtunnel protocol, written here instead of using the `localtunnel` package:
 * that package is abandoned and pins axios 0.21.4 (three published CVEs), and the protocol is small.
 * The client asks the server for a tunnel with one GET (`/?new`, or `/<subdomain>`), which answers
 * `{ id, ip?, port, max_conn_count, url }`; it then keeps `max_conn_count` TCP connections open to
 * `ip` (or the server's host name) at `port`. The server carries each connection made to the
 * tunnel's public URL over one idle pool connection, bytes unchanged (the Host header included),
 * and when that connection ends the client opens a new one in its place.
 */

export interface LocaltunnelGrant {
  id: string;
  /** The tunnel's public origin. */
  url: string;
  /** Where the pool connections go. */
  remoteHost: string;
  remotePort: number;
  /** How many pool connections the server accepts at once. */
  maxConnections: number;
}

/** A hostile or broken server must not make the client open thousands of connections. */
const MAX_POOL_SIZE = 32;

/**
 * Asks the server at `base` for a tunnel: one request, with a deadline, that `signal` can cut short
 * (the caller tells that case apart by its own signal). Every failure is a TunnelError in words.
 */
export async function requestLocaltunnel(base: string, subdomain: string | undefined, timeoutMs: number, signal: AbortSignal): Promise<LocaltunnelGrant> {
  const url = `${base}/${subdomain ? encodeURIComponent(subdomain) : '?new'}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), signal]), headers: { accept: 'application/json' } });
    text = await response.text();
  } catch (error) {
    const failure = error as Error & { cause?: Error };
    if (failure.name === 'TimeoutError')
      throw new TunnelError(`The localtunnel server ${base} did not answer within ${timeoutMs / 1000} s (no network, or the server is down).`);
    if (failure.name === 'AbortError') throw failure;
    throw new TunnelError(`Cannot reach the localtunnel server ${base}: ${failure.cause?.message ?? failure.message}.`);
  }
  const body = parseJsonObject(text);
  if (!response.ok) {
    const message = typeof body?.message === 'string' && body.message ? `: ${body.message}` : '.';
    throw new TunnelError(`The localtunnel server ${base} refused the tunnel (HTTP ${response.status})${message}`);
  }
  const notLocaltunnel = (what: string) => new TunnelError(`${base} did not answer like a localtunnel server (${what}).`);
  if (!body) throw notLocaltunnel('its reply is not a JSON object');
  const { id, ip, port, max_conn_count: maxConnCount, url: publicUrl } = body;
  if (typeof publicUrl !== 'string' || !/^https?:\/\/[^/\s]+/i.test(publicUrl)) throw notLocaltunnel('no http(s) url in its reply');
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65_535) throw notLocaltunnel('no port in its reply');
  const maxConnections = Number.isInteger(maxConnCount) && (maxConnCount as number) > 0 ? Math.min(maxConnCount as number, MAX_POOL_SIZE) : 1;
  return {
    id: typeof id === 'string' ? id : '',
    url: publicUrl.replace(/\/+$/, ''),
    remoteHost: typeof ip === 'string' && ip ? ip : new URL(base).hostname.replace(/^\[(.*)\]$/, '$1'),
    remotePort: port as number,
    maxConnections,
  };
}

export interface LocaltunnelPoolEvents {
  /** A pool connection could not be opened; it is tried again in `retryInMs`. */
  onFailure(reason: string, retryInMs: number): void;
  /** A pool connection is open again after a failure was reported. */
  onRecovered(): void;
}

/**
 * Keeps `maxConnections` connections open to the server, each piped into the SCIM listener through
 * `target.connect()` once the server sends something over it: an idle pool connection holds no
 * connection to the listener. Lives until close().
 */
export class LocaltunnelPool {
  /** Pool connections, and the listener connections piped to them, until each has closed. */
  private readonly open = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private failing = false;

  constructor(
    private readonly grant: LocaltunnelGrant,
    private readonly target: TunnelTarget,
    private readonly events: LocaltunnelPoolEvents,
    private readonly retryInMs = 1000,
  ) {
    for (let slot = 0; slot < grant.maxConnections; slot += 1) this.connect();
  }

  private connect(): void {
    if (this.closed) return;
    const { remoteHost, remotePort } = this.grant;
    const remote = connect({ host: remoteHost, port: remotePort });
    remote.setKeepAlive(true);
    this.open.add(remote);
    let connected = false;
    let carried = false;
    let failure: string | undefined;
    remote.once('connect', () => {
      connected = true;
      if (!this.failing) return;
      this.failing = false;
      this.events.onRecovered();
    });
    remote.once('data', (first: Buffer) => {
      carried = true;
      // The listener is dialled now, not when the pool connection opened; the pipe is attached
      // before this handler returns, so no later chunk is missed.
      const local = this.target.connect();
      this.open.add(local);
      local.once('close', () => this.open.delete(local));
      local.write(first);
      pipeBoth(remote, local);
    });
    remote.on('error', (error: NodeJS.ErrnoException) => {
      if (connected) return; // pipeBoth (or close) tears it down; a new one replaces it.
      failure =
        error.code === 'ECONNREFUSED'
          ? `connection refused: ${remoteHost}:${remotePort} (the localtunnel server is down or a firewall is in the way)`
          : `cannot connect to ${remoteHost}:${remotePort}: ${error.message}`;
    });
    remote.once('close', () => {
      this.open.delete(remote);
      if (this.closed) return;
      if (failure !== undefined) {
        this.failing = true;
        this.events.onFailure(failure, this.retryInMs);
        this.later(() => this.connect());
      } else if (carried) {
        this.connect();
      } else {
        // Closed idle (the server dropped it or is full): replaced, but not in a tight loop.
        this.later(() => this.connect());
      }
    });
  }

  private later(run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, this.retryInMs);
    this.timers.add(timer);
  }

  /** Closes every pool connection and every listener connection piped to one; opens no more. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closing = [...this.open].map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
    for (const socket of this.open) socket.destroy();
    await Promise.all(closing);
  }
}
