import { InvalidArgumentError } from 'commander';
import { CloudflaredTunnel } from '../engine/tunnels/cloudflared-tunnel';
import { SshTunnel, parseSshUrl } from '../engine/tunnels/ssh-tunnel';
import type { TunnelProvider, TunnelStatus } from '../engine/tunnels/tunnel';

export interface TunnelCliOptions {
  tunnel?: string;
  sshKey?: string;
  sshRemotePort?: number;
  cloudflared?: string;
}

/** The provider `--tunnel` names; the others of issue 7 (ngrok, cloudflared, localtunnel) are said to be missing, not guessed. */
export function tunnelFromOptions(options: TunnelCliOptions): TunnelProvider | undefined {
  if (!options.tunnel) return undefined;
  if (options.tunnel.startsWith('ssh://')) {
    const { username, host, port } = parseSshUrl(options.tunnel);
    return new SshTunnel({ username, host, port, privateKeyPath: options.sshKey, remotePort: options.sshRemotePort ?? 0 });
  }
  if (options.tunnel === 'cloudflared') return new CloudflaredTunnel({ binary: options.cloudflared });
  if (['ngrok', 'localtunnel'].includes(options.tunnel)) {
    throw new Error(`--tunnel ${options.tunnel} is not available in this version yet; use --tunnel cloudflared or ssh://user@host[:port].`);
  }
  throw new Error(`--tunnel must be cloudflared or ssh://user@host[:port] (ngrok and localtunnel are planned); got "${options.tunnel}".`);
}

export function parseRemotePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number, 0 meaning any.');
  return port;
}

/** One line per tunnel status change after start-up, for the terminal. */
export function describeTunnelStatus(status: TunnelStatus): string | undefined {
  switch (status.state) {
    case 'reconnecting':
      return `Tunnel (${status.provider}) lost: ${status.reason}; reconnecting in ${Math.round(status.retryInMs / 1000)} s (attempt ${status.attempt}).`;
    case 'online':
      return `Tunnel (${status.provider}) online: ${status.publicUrl}`;
    case 'failed':
      return `Tunnel (${status.provider}) failed: ${status.message}`;
    default:
      return undefined;
  }
}
