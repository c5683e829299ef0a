import type { TunnelProviderName } from '../../shared/admin-api';
import { CloudflaredTunnel } from './cloudflared-tunnel';
import { LocaltunnelTunnel } from './localtunnel-tunnel';
import { NgrokTunnel } from './ngrok-tunnel';
import { SshTunnel, parseSshUrl } from './ssh-tunnel';
import { TunnelError, type TunnelProvider } from './tunnel';
import type { TunnelSettings } from './tunnel-settings';

/** The provider the settings describe; a missing required value is a TunnelError saying which. */
export function createTunnel(provider: TunnelProviderName, settings: TunnelSettings): TunnelProvider {
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
      const { address, keyPath, remotePort, remoteBindHost, publicUrl } = settings.ssh;
      if (!address) throw new TunnelError('The SSH tunnel needs an address: ssh://user@host[:port].');
      const { username, host, port } = parseSshUrl(address);
      return new SshTunnel({ username, host, port, privateKeyPath: keyPath, remotePort: remotePort ?? 0, remoteBindHost, publicUrl });
    }
    case 'localtunnel':
      return new LocaltunnelTunnel({ host: settings.localtunnel.host, subdomain: settings.localtunnel.subdomain });
    default:
      throw new TunnelError(`Unknown tunnel provider "${String(provider)}": use ngrok, cloudflared, ssh or localtunnel.`);
  }
}
