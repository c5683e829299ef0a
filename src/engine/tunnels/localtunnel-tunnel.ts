import { LocaltunnelPool, requestLocaltunnel } from './localtunnel-client';
import { TunnelError, stoppedWhileStarting, type TunnelProvider, type TunnelStatus, type TunnelTarget } from './tunnel';

export interface LocaltunnelOptions {
  /** A self-hosted localtunnel server; https://localtunnel.me otherwise. */
  host?: string;
  /** A subdomain to ask for; the server may give another. */
  subdomain?: string;
  startTimeoutMs?: number;
  /** How long a pool connection that failed waits before it is tried again. */
  retryInMs?: number;
}

export const LOCALTUNNEL_DEFAULT_HOST = 'https://localtunnel.me';

/**
 * localtunnel (localtunnel.me or a self-hosted server), through our own client
 * (localtunnel-client.ts): one request for a tunnel with a deadline, then a pool of connections to
 * the server, each piped into the SCIM listener and nowhere else. Bytes pass unchanged, so the Host
 * the IdP used reaches the listener, which builds meta.location from it.
 */
export class LocaltunnelTunnel implements TunnelProvider {
  readonly name = 'localtunnel';
  private pool: LocaltunnelPool | undefined;
  private starting: AbortController | undefined;
  private stopped = false;

  constructor(private readonly options: LocaltunnelOptions = {}) {}

  async start(target: TunnelTarget, onStatus: (status: TunnelStatus) => void): Promise<string> {
    const host = this.options.host || LOCALTUNNEL_DEFAULT_HOST;
    if (!/^https?:\/\/[^/\s]+/i.test(host) || !URL.canParse(host)) {
      throw new TunnelError(`The localtunnel server must be an http(s) URL, like ${LOCALTUNNEL_DEFAULT_HOST}; got "${host}".`);
    }
    if (this.options.subdomain && !/^[a-z0-9][a-z0-9-]{2,62}$/i.test(this.options.subdomain)) {
      throw new TunnelError(`"${this.options.subdomain}" cannot be a localtunnel subdomain: 4 to 63 letters, digits or hyphens.`);
    }
    this.stopped = false;
    onStatus({ state: 'connecting', provider: this.name });
    const starting = new AbortController();
    this.starting = starting;
    const base = host.replace(/\/+$/, '');
    let grant;
    try {
      grant = await requestLocaltunnel(base, this.options.subdomain, this.options.startTimeoutMs ?? 15_000, starting.signal);
    } catch (error) {
      if (starting.signal.aborted) throw stoppedWhileStarting(this.name);
      throw error;
    } finally {
      if (this.starting === starting) this.starting = undefined;
    }
    if (this.stopped) throw stoppedWhileStarting(this.name);
    const publicUrl = grant.url;
    let attempt = 0;
    this.pool = new LocaltunnelPool(
      grant,
      target,
      {
        onFailure: (reason, retryInMs) => {
          attempt += 1;
          onStatus({ state: 'reconnecting', provider: this.name, attempt, retryInMs, reason });
        },
        onRecovered: () => {
          attempt = 0;
          onStatus({ state: 'online', provider: this.name, publicUrl });
        },
      },
      this.options.retryInMs,
    );
    onStatus({ state: 'online', provider: this.name, publicUrl });
    return publicUrl;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.starting?.abort();
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }
}
