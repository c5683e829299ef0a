import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Client, ConnectConfig } from 'ssh2';
import { pipeBoth } from './pipe-both';
import { HostKeyError, hostKeyAlgorithmsFor, pinFirstUse, verifyHostKey, type AcceptedHostKey, type HostKeyPolicy } from './ssh-host-key';
import { knownHostsName } from './ssh-known-hosts';
import { TunnelError, type TunnelProvider, type TunnelStatus, type TunnelTarget } from './tunnel';

/** ssh2 (with its crypto) loads when an SSH tunnel connects, not with every CLI command; it is CommonJS, so synchronously. */
const newSshClient = (): Client => new (createRequire(import.meta.url)('ssh2') as typeof import('ssh2')).Client();

export interface SshTunnelOptions {
  host: string;
  port?: number;
  username: string;
  /** A private key file; without one the SSH agent (SSH_AUTH_SOCK) is used. */
  privateKeyPath?: string;
  passphrase?: string;
  /** The port to open on the remote side; 0 lets the server choose. */
  remotePort?: number;
  /** The remote interface to bind; `localhost` keeps it private to the bastion, `0.0.0.0` needs GatewayPorts. */
  remoteBindHost?: string;
  /** How the public sees the forwarded port, when it differs from http://host:port (a proxy, an ssh tunnel service). */
  publicUrl?: string;
  readyTimeoutMs?: number;
  /** Reconnection backoff: first delay and cap (ms). */
  backoff?: { firstMs: number; maxMs: number };
  /** Which host keys to trust: known_hosts files, then keys pinned on first use. */
  hostKeys: HostKeyPolicy;
}

/**
 * An SSH reverse tunnel (`ssh -R`) through the ssh2 library: the remote side listens and each
 * connection it receives is piped to the SCIM listener — only to it. Works with one's own bastion
 * and with ssh-based tunnel services. After being online, a dropped connection is retried with
 * exponential backoff.
 */
export class SshTunnel implements TunnelProvider {
  readonly name = 'ssh';
  private client: Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** The server's key as last accepted (for the status and `serve`'s output). */
  private hostKey: AcceptedHostKey | undefined;

  constructor(private readonly options: SshTunnelOptions) {}

  start(target: TunnelTarget, onStatus: (status: TunnelStatus) => void): Promise<string> {
    this.stopped = false;
    onStatus({ state: 'connecting', provider: this.name });
    return this.connect(target, onStatus, 0);
  }

  private connect(target: TunnelTarget, onStatus: (status: TunnelStatus) => void, attempt: number): Promise<string> {
    const { host, port = 22, username } = this.options;
    const where = `${username}@${host}:${port}`;
    return new Promise<string>((resolve, reject) => {
      const client = newSshClient();
      this.client = client;
      let online = false;
      let hostKeyRefusal: HostKeyError | undefined;
      const fail = (message: string) => {
        client.end();
        reject(new TunnelError(message));
      };
      const hostName = knownHostsName(host, port);
      const hostVerifier = (key: Buffer): boolean => {
        try {
          this.hostKey = verifyHostKey(hostName, key, this.options.hostKeys);
          return true;
        } catch (error) {
          hostKeyRefusal = error instanceof HostKeyError ? error : new HostKeyError(`Cannot check the host key of ${hostName}: ${(error as Error).message}`);
          return false;
        }
      };
      client.on('ready', () => {
        if (this.hostKey) pinFirstUse(this.hostKey, this.options.hostKeys);
        const bind = this.options.remoteBindHost ?? 'localhost';
        client.forwardIn(bind, this.options.remotePort ?? 0, (error, boundPort) => {
          if (error) {
            fail(
              `The SSH server ${where} refused to listen on ${bind}:${this.options.remotePort ?? 0} (${error.message}): the remote port may be taken, or forwarding disabled (AllowTcpForwarding).`,
            );
            return;
          }
          online = true;
          const publicUrl = this.options.publicUrl ?? `http://${host}:${boundPort || this.options.remotePort}`;
          onStatus({ state: 'online', provider: this.name, publicUrl, ...(this.hostKey && { hostKey: this.hostKey }) });
          resolve(publicUrl);
        });
      });
      client.on('tcp connection', (_info, accept) => {
        pipeBoth(accept(), target.connect());
      });
      client.on('error', (error: Error & { level?: string }) => {
        if (online) return; // 'close' follows and reconnects
        if (hostKeyRefusal) {
          client.end();
          reject(hostKeyRefusal);
        } else if (error.level === 'client-authentication')
          fail(`SSH authentication refused for ${where}: check the key (--ssh-key) or the agent, and the user name.`);
        else if (error.level === 'client-timeout') fail(`No answer from the SSH server ${where} within ${(this.options.readyTimeoutMs ?? 15_000) / 1000} s.`);
        else fail(`Cannot connect to the SSH server ${where}: ${error.message}`);
      });
      client.on('close', () => {
        if (!online || this.stopped) return;
        this.scheduleReconnect(target, onStatus, attempt + 1, 'the SSH connection closed');
      });
      let config: ConnectConfig;
      try {
        config = {
          host,
          port,
          username,
          readyTimeout: this.options.readyTimeoutMs ?? 15_000,
          keepaliveInterval: 15_000,
          hostVerifier,
          ...withHostKeyAlgorithms(hostKeyAlgorithmsFor(hostName, this.options.hostKeys)),
          ...(this.options.privateKeyPath
            ? { privateKey: readFileSync(this.options.privateKeyPath), passphrase: this.options.passphrase }
            : { agent: process.env.SSH_AUTH_SOCK }),
        };
      } catch (error) {
        reject(new TunnelError(`Cannot read the SSH key ${this.options.privateKeyPath}: ${(error as Error).message}`));
        return;
      }
      if (!config.privateKey && !config.agent) {
        reject(new TunnelError('No SSH key: pass --ssh-key PATH or run an SSH agent (SSH_AUTH_SOCK).'));
        return;
      }
      try {
        client.connect(config);
      } catch (error) {
        reject(new TunnelError(`Cannot use the SSH key ${this.options.privateKeyPath}: ${(error as Error).message}`));
      }
    });
  }

  private scheduleReconnect(target: TunnelTarget, onStatus: (status: TunnelStatus) => void, attempt: number, reason: string): void {
    const { firstMs, maxMs } = this.options.backoff ?? { firstMs: 1000, maxMs: 30_000 };
    const retryInMs = Math.min(maxMs, firstMs * 2 ** (attempt - 1));
    onStatus({ state: 'reconnecting', provider: this.name, attempt, retryInMs, reason });
    this.retryTimer = setTimeout(() => {
      if (this.stopped) return;
      this.connect(target, onStatus, attempt).catch((error: Error) => {
        // Another server answering at the address is not a dropped connection: retrying cannot fix it.
        if (error instanceof HostKeyError) onStatus({ state: 'failed', provider: this.name, message: error.message });
        else this.scheduleReconnect(target, onStatus, attempt + 1, error.message);
      });
    }, retryInMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.client?.end();
  }
}

function withHostKeyAlgorithms(serverHostKey: string[] | undefined): Pick<ConnectConfig, 'algorithms'> {
  return serverHostKey ? { algorithms: { serverHostKey: serverHostKey as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] } } : {};
}

/** `ssh://user@host[:port]` from the command line. */
export function parseSshUrl(text: string): { username: string; host: string; port: number } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TunnelError(`"${text}" is not an SSH address; write ssh://user@host[:port].`);
  }
  if (url.protocol !== 'ssh:' || !url.hostname || !url.username) throw new TunnelError(`"${text}" is not an SSH address; write ssh://user@host[:port].`);
  return { username: decodeURIComponent(url.username), host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : 22 };
}
