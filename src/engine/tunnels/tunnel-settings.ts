import type { TunnelProviderName, TunnelSettingsUpdate, TunnelSettingsView } from '../../shared/admin-api';
import type { AppSettingsStore } from '../store/app-settings';
import type { HostKeyPins, PinnedHostKey } from './ssh-host-key';
import { knownHostsName } from './ssh-known-hosts';
import { parseSshUrl } from './ssh-tunnel';

/** The tunnel's settings as stored in app_settings, secrets included. */
export interface TunnelSettings {
  provider?: TunnelProviderName;
  ngrok: { authtoken?: string; domain?: string; serverAddr?: string };
  cloudflared: { binary?: string; tunnelToken?: string; hostname?: string };
  ssh: {
    address?: string;
    keyPath?: string;
    remotePort?: number;
    remoteBindHost?: string;
    publicUrl?: string;
    knownHostsPath?: string;
    /** Host keys trusted on first use, by known_hosts name (`host` or `[host]:port`); never set through an update. */
    hostKeys?: Record<string, PinnedHostKey>;
  };
  localtunnel: { host?: string; subdomain?: string };
}

export const TUNNEL_PROVIDERS: readonly TunnelProviderName[] = ['ngrok', 'cloudflared', 'ssh', 'localtunnel'];
const SETTINGS_KEY = 'tunnel';

export function emptyTunnelSettings(): TunnelSettings {
  return { ngrok: {}, cloudflared: {}, ssh: {}, localtunnel: {} };
}

export function readTunnelSettings(store: AppSettingsStore): TunnelSettings {
  const stored = store.get<Partial<TunnelSettings>>(SETTINGS_KEY) ?? {};
  const empty = emptyTunnelSettings();
  return {
    ...(stored.provider && { provider: stored.provider }),
    ngrok: { ...empty.ngrok, ...stored.ngrok },
    cloudflared: { ...empty.cloudflared, ...stored.cloudflared },
    ssh: { ...empty.ssh, ...stored.ssh },
    localtunnel: { ...empty.localtunnel, ...stored.localtunnel },
  };
}

/** Merges an update (absent keeps, '' or null clears) and stores the result. */
export function updateTunnelSettings(store: AppSettingsStore, update: TunnelSettingsUpdate): TunnelSettings {
  const settings = readTunnelSettings(store);
  if (update.provider) settings.provider = update.provider;
  for (const section of ['ngrok', 'cloudflared', 'ssh', 'localtunnel'] as const) {
    const changes = update[section] as Record<string, string | number | null | undefined> | undefined;
    if (!changes) continue;
    const target = settings[section] as Record<string, string | number | undefined>;
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      if (value === '' || value === null) delete target[key];
      else target[key] = typeof value === 'string' ? value.trim() : value;
    }
  }
  store.set(SETTINGS_KEY, settings);
  return settings;
}

/** What the admin API shows: every secret replaced by whether it is set. */
export function viewTunnelSettings(settings: TunnelSettings, env: NodeJS.ProcessEnv = process.env): TunnelSettingsView {
  const { authtoken, ...ngrok } = settings.ngrok;
  const { tunnelToken, ...cloudflared } = settings.cloudflared;
  return {
    ...(settings.provider && { provider: settings.provider }),
    ngrok: { ...ngrok, authtokenSet: Boolean(authtoken), authtokenFromEnvironment: !authtoken && Boolean(env.NGROK_AUTHTOKEN) },
    cloudflared: { ...cloudflared, tunnelTokenSet: Boolean(tunnelToken) },
    ssh: viewSshSettings(settings.ssh),
    localtunnel: { ...settings.localtunnel },
  };
}

function viewSshSettings({ hostKeys, ...ssh }: TunnelSettings['ssh']): TunnelSettingsView['ssh'] {
  const host = sshHostName(ssh.address);
  const pinned = host ? hostKeys?.[host] : undefined;
  return { ...ssh, ...(host && pinned && { pinnedHostKey: { host, ...pinned } }) };
}

/** The known_hosts name of the configured SSH server, if the address is one. */
export function sshHostName(address: string | undefined): string | undefined {
  if (!address) return undefined;
  try {
    const { host, port } = parseSshUrl(address);
    return knownHostsName(host, port);
  } catch {
    return undefined;
  }
}

/** The SSH tunnel's pins, read and written in the stored tunnel settings. */
export function storedHostKeyPins(store: AppSettingsStore): HostKeyPins {
  return {
    get: (name) => readTunnelSettings(store).ssh.hostKeys?.[name],
    pin: (name, key) => {
      const settings = readTunnelSettings(store);
      settings.ssh.hostKeys = { ...settings.ssh.hostKeys, [name]: key };
      store.set(SETTINGS_KEY, settings);
    },
  };
}

/** Forgets the key pinned for this host (the next connection pins again); false when none was. */
export function forgetHostKey(store: AppSettingsStore, name: string): boolean {
  const settings = readTunnelSettings(store);
  if (!settings.ssh.hostKeys?.[name]) return false;
  const { [name]: _forgotten, ...rest } = settings.ssh.hostKeys;
  settings.ssh.hostKeys = rest;
  store.set(SETTINGS_KEY, settings);
  return true;
}
