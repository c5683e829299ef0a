import Tunnel from 'localtunnel/lib/Tunnel.js';
import { startLocalRelay, type LocalRelay } from './local-relay';
import { TunnelError, stoppedWhileStarting, type TunnelProvider, type TunnelStatus, type TunnelTarget } from './tunnel';

export interface LocaltunnelOptions {
  /** A self-hosted localtunnel server; https://localtunnel.me otherwise. */
  host?: string;
  /** A subdomain to ask for; the server may give another. */
  subdomain?: string;
  startTimeoutMs?: number;
}

export const LOCALTUNNEL_DEFAULT_HOST = 'https://localtunnel.me';

/**
 * localtunnel's client asks its server for a tunnel in a loop that retries every second forever
 * (no network means it never answers). This subclass replaces only that request: one attempt with
 * a deadline and an error the user can read. The socket pool that carries the traffic stays theirs.
 */
class BoundedTunnel extends Tunnel {
  private readonly stopping = new AbortController();

  /** Gives up the first request (stop() during start). */
  abortStart(): void {
    this.stopping.abort();
  }

  constructor(
    options: ConstructorParameters<typeof Tunnel>[0],
    private readonly timeoutMs: number,
  ) {
    super(options);
  }

  override _init(callback: (error: Error | null, info?: ReturnType<Tunnel['_getInfo']>) => void): void {
    const base = this.opts.host.replace(/\/+$/, '');
    const url = `${base}/${this.opts.subdomain ? encodeURIComponent(this.opts.subdomain) : '?new'}`;
    fetch(url, { signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.stopping.signal]), headers: { accept: 'application/json' } })
      .then(async (response) => {
        const body = (await response.json().catch(() => undefined)) as { message?: string; url?: string; port?: number } | undefined;
        if (!response.ok) throw new TunnelError(`The localtunnel server ${base} refused the tunnel (HTTP ${response.status})${body?.message ? `: ${body.message}` : '.'}`);
        if (!body?.url || !body.port) throw new TunnelError(`${base} did not answer like a localtunnel server (no url and port in its reply).`);
        callback(null, this._getInfo(body));
      })
      .catch((error: Error) => {
        if (error instanceof TunnelError) return callback(error);
        if (this.stopping.signal.aborted) return callback(stoppedWhileStarting('localtunnel'));
        if (error.name === 'TimeoutError') return callback(new TunnelError(`The localtunnel server ${base} did not answer within ${this.timeoutMs / 1000} s (no network, or the server is down).`));
        const cause = (error as Error & { cause?: Error }).cause?.message ?? error.message;
        callback(new TunnelError(`Cannot reach the localtunnel server ${base}: ${cause}.`));
      });
  }
}

/**
 * localtunnel (localtunnel.me or a self-hosted server). Its client dials the local service itself,
 * so it is given a loopback relay that leads to the SCIM listener and nowhere else.
 */
export class LocaltunnelTunnel implements TunnelProvider {
  readonly name = 'localtunnel';
  private tunnel: BoundedTunnel | undefined;
  private relay: LocalRelay | undefined;
  private stopped = false;

  constructor(private readonly options: LocaltunnelOptions = {}) {}

  async start(target: TunnelTarget, onStatus: (status: TunnelStatus) => void): Promise<string> {
    const host = this.options.host || LOCALTUNNEL_DEFAULT_HOST;
    if (!/^https?:\/\//i.test(host)) throw new TunnelError(`The localtunnel server must be an http(s) URL, like ${LOCALTUNNEL_DEFAULT_HOST}; got "${host}".`);
    if (this.options.subdomain && !/^[a-z0-9][a-z0-9-]{2,62}$/i.test(this.options.subdomain)) {
      throw new TunnelError(`"${this.options.subdomain}" cannot be a localtunnel subdomain: 4 to 63 letters, digits or hyphens.`);
    }
    this.stopped = false;
    onStatus({ state: 'connecting', provider: this.name });
    const relay = await startLocalRelay(target);
    // stop() may have come while the relay opened, or while the server was asked for a tunnel.
    if (this.stopped) {
      await relay.close();
      throw stoppedWhileStarting(this.name);
    }
    this.relay = relay;
    // No local_host: the client would rewrite the Host header to it, and the server builds
    // meta.location from the Host the IdP used.
    const tunnel = new BoundedTunnel({ host, port: this.relay.port, subdomain: this.options.subdomain }, this.options.startTimeoutMs ?? 15_000);
    this.tunnel = tunnel;
    try {
      await new Promise<void>((resolve, reject) => tunnel.open((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      await this.stop();
      throw error;
    }
    if (this.stopped) {
      tunnel.close();
      throw stoppedWhileStarting(this.name);
    }
    const publicUrl = tunnel.url!;
    let attempt = 0;
    tunnel.on('error', (error: Error) => {
      if (tunnel.closed) return;
      attempt += 1;
      onStatus({ state: 'reconnecting', provider: this.name, attempt, retryInMs: 1000, reason: error.message });
    });
    tunnel.on('request', () => {
      if (attempt === 0) return;
      attempt = 0;
      onStatus({ state: 'online', provider: this.name, publicUrl });
    });
    onStatus({ state: 'online', provider: this.name, publicUrl });
    return publicUrl;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.tunnel?.abortStart();
    this.tunnel?.close();
    this.tunnel = undefined;
    await this.relay?.close();
    this.relay = undefined;
  }
}
