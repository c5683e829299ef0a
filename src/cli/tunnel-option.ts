import type { TunnelHostKey, TunnelProviderName } from '../shared/admin-api';
import { createTunnel } from '../engine/tunnels/create-tunnel';
import { parseSshUrl } from '../engine/tunnels/ssh-tunnel';
import type { AppSettingsStore } from '../engine/store/app-settings';
import type { TunnelProvider, TunnelStatus } from '../engine/tunnels/tunnel';
import type { TunnelSettings } from '../engine/tunnels/tunnel-settings';

export interface TunnelCliOptions {
  tunnel?: string;
  sshKey?: string;
  sshRemotePort?: number;
  cloudflared?: string;
  ngrokDomain?: string;
  localtunnelHost?: string;
  localtunnelSubdomain?: string;
}

/**
 * The provider `--tunnel` names, built once the engine has read the stored tunnel settings (those
 * the inspector saves: the ngrok authtoken, a key path…): flags given here win over them. A wrong
 * `--tunnel` value is refused at once, before anything starts.
 */
export function tunnelFromOptions(options: TunnelCliOptions): ((stored: TunnelSettings, appSettings: AppSettingsStore) => TunnelProvider) | undefined {
  if (!options.tunnel) return undefined;
  const provider = providerName(options.tunnel);
  if (provider === 'ssh') parseSshUrl(options.tunnel); // says what is wrong with the address now
  return (stored, appSettings) => {
    const settings: TunnelSettings = {
      ...stored,
      ngrok: { ...stored.ngrok, ...(options.ngrokDomain && { domain: options.ngrokDomain }) },
      cloudflared: { ...stored.cloudflared, ...(options.cloudflared && { binary: options.cloudflared }) },
      ssh:
        provider === 'ssh'
          ? {
              ...stored.ssh,
              address: options.tunnel,
              ...(options.sshKey && { keyPath: options.sshKey }),
              ...(options.sshRemotePort !== undefined && { remotePort: options.sshRemotePort }),
            }
          : stored.ssh,
      localtunnel: {
        ...stored.localtunnel,
        ...(options.localtunnelHost && { host: options.localtunnelHost }),
        ...(options.localtunnelSubdomain && { subdomain: options.localtunnelSubdomain }),
      },
    };
    return createTunnel(provider, settings, appSettings);
  };
}

function providerName(value: string): TunnelProviderName {
  if (value.startsWith('ssh://')) return 'ssh';
  if (value === 'ngrok' || value === 'cloudflared' || value === 'localtunnel') return value;
  throw new Error(`--tunnel must be ngrok, cloudflared, localtunnel or ssh://user@host[:port]; got "${value}".`);
}

/** One line per tunnel status change after start-up, for the terminal. */
export function describeTunnelStatus(status: TunnelStatus): string | undefined {
  switch (status.state) {
    case 'reconnecting':
      return `Tunnel (${status.provider}) lost: ${status.reason}; ${status.retryInMs ? `reconnecting in ${Math.round(status.retryInMs / 1000)} s` : 'reconnecting'} (attempt ${status.attempt}).`;
    case 'online':
      return `Tunnel (${status.provider}) online: ${status.publicUrl}${status.hostKey ? `\n${describeHostKey(status.hostKey)}` : ''}`;
    case 'failed':
      return `Tunnel (${status.provider}) failed: ${status.message}`;
    default:
      return undefined;
  }
}

/** The SSH server's key as `serve` prints it, so that the user can compare it with what the server's administrator says. */
export function describeHostKey(key: TunnelHostKey): string {
  const why = {
    known_hosts: 'listed in known_hosts',
    pin: 'matches the key pinned on first use',
    'first use': 'first connection: pinned now, later connections must match',
  }[key.verifiedBy];
  return `SSH host key of ${key.host}: ${key.keyType} ${key.fingerprint} (${why}).`;
}
