import { startLocalRelay, type LocalRelay } from './local-relay';
import { TunnelError, stoppedWhileStarting, type TunnelProvider, type TunnelStatus, type TunnelTarget } from './tunnel';

export interface NgrokOptions {
  /** From the tunnel settings; `NGROK_AUTHTOKEN` when absent. */
  authtoken?: string;
  /** A reserved domain (`acme-scim.ngrok.app`); a random one otherwise. */
  domain?: string;
  /** A custom agent ingress (`host:port`), as ngrok's `server_addr`; ngrok's own service otherwise. */
  serverAddr?: string;
  startTimeoutMs?: number;
}

type NgrokModule = typeof import('@ngrok/ngrok');
type NgrokSession = import('@ngrok/ngrok').Session;

/**
 * What to tell a person for ngrok's errors. The SDK carries the service's `ERR_NGROK_…` code (on the
 * error or in its text); the common ones get a sentence saying what to do, any other keeps ngrok's
 * own words and its documentation link.
 */
export function describeNgrokError(error: unknown, serverAddr = 'connect.ngrok-agent.com:443'): string {
  const text = error instanceof Error ? error.message : String(error);
  const code = ((error as { errorCode?: string })?.errorCode ?? /ERR_NGROK_\d+/.exec(text)?.[0])?.toUpperCase();
  switch (code) {
    case 'ERR_NGROK_105':
    case 'ERR_NGROK_106':
    case 'ERR_NGROK_107':
      return `ngrok refused the authtoken (${code}): copy the current one from https://dashboard.ngrok.com/get-started/your-authtoken into the tunnel settings or NGROK_AUTHTOKEN.`;
    case 'ERR_NGROK_4018':
      return `ngrok needs a verified account and its authtoken (${code}): sign up at https://dashboard.ngrok.com/signup and set the authtoken in the tunnel settings or NGROK_AUTHTOKEN.`;
    case 'ERR_NGROK_108':
      return `This ngrok account already has its maximum of simultaneous agent sessions (${code}): stop the other ngrok agent (another workbench, the ngrok CLI) and start again.`;
  }
  if (code) return `ngrok refused the tunnel (${code}): ${firstLine(text)} — see https://ngrok.com/docs/errors/${code.toLowerCase()}`;
  if (/failed to establish tcp connection|dns|resolve/i.test(text)) {
    return `Cannot reach ngrok at ${serverAddr}: no network, or a firewall or proxy blocks it.`;
  }
  if (/tls handshake/i.test(text)) return `ngrok at ${serverAddr} did not complete the TLS handshake: a proxy may be intercepting the connection.`;
  return `ngrok failed: ${firstLine(text)}`;
}

function firstLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * ngrok through its official Node SDK (no ngrok binary): an HTTPS endpoint forwarding to a loopback
 * relay in front of the SCIM listener. The SDK reconnects by itself after network drops; each drop
 * is reported as `reconnecting` and the next heartbeat as `online` again.
 */
export class NgrokTunnel implements TunnelProvider {
  readonly name = 'ngrok';
  private session: NgrokSession | undefined;
  private relay: LocalRelay | undefined;
  private stopped = false;
  /** Rejects a start still waiting for ngrok, when stop() comes first. */
  private abortStart: (() => void) | undefined;

  constructor(private readonly options: NgrokOptions = {}) {}

  async start(target: TunnelTarget, onStatus: (status: TunnelStatus) => void): Promise<string> {
    this.stopped = false;
    const authtoken = this.options.authtoken || process.env.NGROK_AUTHTOKEN;
    if (!authtoken) {
      throw new TunnelError(
        'ngrok needs an authtoken: copy it from https://dashboard.ngrok.com/get-started/your-authtoken into the tunnel settings, or set NGROK_AUTHTOKEN.',
      );
    }
    onStatus({ state: 'connecting', provider: this.name });
    // Loaded on first use: the SDK is a native module the rest of the engine never needs.
    const loaded = await import('@ngrok/ngrok');
    const ngrok = ((loaded as { default?: NgrokModule }).default ?? loaded) as NgrokModule;
    const serverAddr = this.options.serverAddr;
    let publicUrl: string | undefined;
    let attempt = 0;
    const builder = new ngrok.SessionBuilder()
      .authtoken(authtoken)
      .clientInfo('scim-workbench', '1')
      .handleDisconnection((_addr, reason) => {
        if (this.stopped) return false;
        attempt += 1;
        if (publicUrl)
          onStatus({ state: 'reconnecting', provider: this.name, attempt, retryInMs: 0, reason: describeNgrokError(new Error(reason), serverAddr) });
        return true;
      })
      .handleHeartbeat(() => {
        if (attempt > 0 && publicUrl && !this.stopped) {
          attempt = 0;
          onStatus({ state: 'online', provider: this.name, publicUrl });
        }
      });
    if (serverAddr) builder.serverAddr(serverAddr);
    const timeoutMs = this.options.startTimeoutMs ?? 30_000;
    const connecting = builder.connect();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TunnelError(`ngrok did not answer within ${timeoutMs / 1000} s (no network, or ${serverAddr ?? 'connect.ngrok-agent.com:443'} unreachable).`),
          ),
        timeoutMs,
      );
    });
    const stoppedMeanwhile = new Promise<never>((_, reject) => (this.abortStart = () => reject(stoppedWhileStarting(this.name))));
    let session: NgrokSession;
    try {
      session = await Promise.race([connecting, timedOut, stoppedMeanwhile]);
    } catch (error) {
      // A session that connects after we gave up must not stay open in the background.
      connecting.then((late) => late.close()).catch(() => undefined);
      throw error instanceof TunnelError ? error : new TunnelError(describeNgrokError(error, serverAddr));
    } finally {
      clearTimeout(timer);
      this.abortStart = undefined;
    }
    // stop() may have been called while connecting: it had nothing to close yet, so this start must.
    if (this.stopped) {
      await session.close().catch(() => undefined);
      throw stoppedWhileStarting(this.name);
    }
    this.session = session;
    try {
      this.relay = await startLocalRelay(target);
      if (this.stopped) throw stoppedWhileStarting(this.name);
      const endpoint = session.httpEndpoint();
      if (this.options.domain) endpoint.domain(this.options.domain);
      const listener = await endpoint.listenAndForward(`http://127.0.0.1:${this.relay.port}`);
      publicUrl = listener.url() ?? undefined;
      if (this.stopped) throw stoppedWhileStarting(this.name);
      if (!publicUrl) throw new TunnelError('ngrok opened the endpoint but gave no public URL.');
    } catch (error) {
      await this.close(session);
      throw error instanceof TunnelError ? error : new TunnelError(describeNgrokError(error, serverAddr));
    }
    onStatus({ state: 'online', provider: this.name, publicUrl });
    return publicUrl;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abortStart?.();
    await this.close(this.session);
  }

  private async close(session: NgrokSession | undefined): Promise<void> {
    if (this.session === session) this.session = undefined;
    await session?.close().catch(() => undefined);
    const relay = this.relay;
    this.relay = undefined;
    await relay?.close();
  }
}
