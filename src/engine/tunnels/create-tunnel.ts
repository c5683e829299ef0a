import type { TunnelProviderName } from '../../shared/admin-api';
import type { AppSettingsStore } from '../store/app-settings';
import { CloudflaredTunnel } from './cloudflared-tunnel';
import { LocaltunnelTunnel } from './localtunnel-tunnel';
import { NgrokTunnel } from './ngrok-tunnel';
import { defaultKnownHostsFile } from './ssh-host-key';
import { SshTunnel, parseSshUrl } from './ssh-tunnel';
import { TunnelError, type TunnelProvider } from './tunnel';
import { storedHostKeyPins, type TunnelSettings } from './tunnel-settings';

/**
 * The provider the settings describe; a missing required value is a TunnelError saying which.
 * `appSettings` keeps what a provider learns while running: the SSH host keys pinned on first use.
 */
export function createTunnel(provider: TunnelProviderName, settings: TunnelSettings, appSettings: AppSettingsStore): TunnelProvider {
  switch (provider) {
    case 'ngrok':
      return new NgrokTunnel({ authtoken: settings.ngrok.authtoken, domain: settings.ngrok.domain, serverAddr: settings.ngrok.serverAddr });
    case 'cloudflared': {
      const { binary, tunnelToken, hostname } = settings.cloudflared;
      if (Boolean(tunnelToken) !== Boolean(hostname)) {
        throw new TunnelError('A named Cloudflare tunnel needs both its token and its public hostname; leave both empty for a quick tunnel.');
      }
      const publicUrl = hostname && (/^https?:\/\//i.test(hostname) ? hostname : `https://${hostname}`);
      return new CloudflaredTunnel({ binary, ...(tunnelToken && publicUrl && { namedTunnel: { token: tunnelToken, publicUrl } }) });
    }
    case 'ssh': {
      const { address, keyPath, remotePort, remoteBindHost, publicUrl, knownHostsPath } = settings.ssh;
      if (!address) throw new TunnelError('The SSH tunnel needs an address: ssh://user@host[:port].');
      const { username, host, port } = parseSshUrl(address);
      const hostKeys = { knownHosts: [defaultKnownHostsFile(), ...(knownHostsPath ? [{ path: knownHostsPath }] : [])], pins: storedHostKeyPins(appSettings) };
      return new SshTunnel({ username, host, port, privateKeyPath: keyPath, remotePort: remotePort ?? 0, remoteBindHost, publicUrl, hostKeys });
    }
    case 'localtunnel':
      return new LocaltunnelTunnel({ host: settings.localtunnel.host, subdomain: settings.localtunnel.subdomain });
    default:
      throw new TunnelError(`Unknown tunnel provider "${String(provider)}": use ngrok, cloudflared, ssh or localtunnel.`);
  }
}
