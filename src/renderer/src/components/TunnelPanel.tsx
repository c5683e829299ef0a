import { useEffect, useState } from 'react';
import type { TunnelHostKey, TunnelProviderName, TunnelSettingsUpdate, TunnelSettingsView, TunnelState } from '../../../shared/admin-api';
import { useConnection } from '../store/connection';
import { useTunnel } from '../store/tunnel';

const PROVIDERS: { name: TunnelProviderName; label: string }[] = [
  { name: 'ngrok', label: 'ngrok' },
  { name: 'cloudflared', label: 'Cloudflare (cloudflared)' },
  { name: 'ssh', label: 'SSH reverse tunnel' },
  { name: 'localtunnel', label: 'localtunnel' },
];

/** Text fields of the form: stored values shown as they are; secrets start empty ("keep"). */
type Draft = Record<string, string>;

function draftOf(settings: TunnelSettingsView): Draft {
  return {
    'ngrok.domain': settings.ngrok.domain ?? '',
    'cloudflared.binary': settings.cloudflared.binary ?? '',
    'cloudflared.hostname': settings.cloudflared.hostname ?? '',
    'ssh.address': settings.ssh.address ?? '',
    'ssh.keyPath': settings.ssh.keyPath ?? '',
    'ssh.remotePort': settings.ssh.remotePort === undefined ? '' : String(settings.ssh.remotePort),
    'ssh.publicUrl': settings.ssh.publicUrl ?? '',
    'ssh.knownHostsPath': settings.ssh.knownHostsPath ?? '',
    'localtunnel.host': settings.localtunnel.host ?? '',
    'localtunnel.subdomain': settings.localtunnel.subdomain ?? '',
    'ngrok.authtoken': '',
    'cloudflared.tunnelToken': '',
  };
}

/** The update the form sends: plain fields as typed; a secret only when one was typed (empty keeps it). */
function updateOf(provider: TunnelProviderName, draft: Draft): TunnelSettingsUpdate {
  const secret = (key: string) => (draft[key] ? { [key.split('.')[1]!]: draft[key] } : {});
  const port = draft['ssh.remotePort']!.trim();
  return {
    provider,
    ngrok: { domain: draft['ngrok.domain'], ...secret('ngrok.authtoken') },
    cloudflared: { binary: draft['cloudflared.binary'], hostname: draft['cloudflared.hostname'], ...secret('cloudflared.tunnelToken') },
    ssh: {
      address: draft['ssh.address'],
      keyPath: draft['ssh.keyPath'],
      publicUrl: draft['ssh.publicUrl'],
      knownHostsPath: draft['ssh.knownHostsPath'],
      remotePort: port === '' ? null : Number(port),
    },
    localtunnel: { host: draft['localtunnel.host'], subdomain: draft['localtunnel.subdomain'] },
  };
}

/** Choosing, configuring, starting and testing the tunnel that exposes the SCIM API to a cloud IdP. */
export function TunnelPanel() {
  const client = useConnection((state) => state.client);
  const { response, busy, error, test, save, start, stop, testConnection, forgetHostKey } = useTunnel();
  const settings = response?.settings;
  const status = response?.status;
  const [provider, setProvider] = useState<TunnelProviderName>('ngrok');
  const [draft, setDraft] = useState<Draft>();
  useEffect(() => {
    if (!settings || draft) return;
    setDraft(draftOf(settings));
    if (settings.provider) setProvider(settings.provider);
  }, [settings, draft]);
  if (!client || !settings || !draft) return <p>Loading the tunnel settings…</p>;

  const field = (key: string, label: string, placeholder = '', type = 'text') => (
    <label key={key}>
      {label}
      <input type={type} value={draft[key]} placeholder={placeholder} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} />
    </label>
  );
  const portError = draft['ssh.remotePort'] && !/^\d{1,5}$/.test(draft['ssh.remotePort'].trim()) ? 'The remote port is a number (0: any).' : undefined;
  const running = status && ['connecting', 'online', 'reconnecting'].includes(status.state);
  const saveAndStart = async () => {
    await save(client, updateOf(provider, draft));
    setDraft({ ...draft, 'ngrok.authtoken': '', 'cloudflared.tunnelToken': '' });
    if (!useTunnel.getState().error) await start(client, provider);
  };

  return (
    <section className="tunnel" aria-label="Tunnel">
      <h3>Tunnel</h3>
      <p className="hint">Exposes the SCIM API — and only it — so that Okta, Entra ID or OneLogin in the cloud can reach this machine.</p>
      <label>
        Provider{' '}
        <select value={provider} onChange={(event) => setProvider(event.target.value as TunnelProviderName)}>
          {PROVIDERS.map((option) => (
            <option key={option.name} value={option.name}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <div className="tunnel-fields">
        {provider === 'ngrok' && (
          <>
            {field(
              'ngrok.authtoken',
              'Authtoken',
              settings.ngrok.authtokenSet
                ? 'stored — type to replace'
                : settings.ngrok.authtokenFromEnvironment
                  ? 'from NGROK_AUTHTOKEN'
                  : 'from dashboard.ngrok.com',
              'password',
            )}
            {field('ngrok.domain', 'Reserved domain (optional)', 'acme-scim.ngrok.app')}
          </>
        )}
        {provider === 'cloudflared' && (
          <>
            {field('cloudflared.binary', 'cloudflared binary (optional)', 'found on PATH')}
            {field(
              'cloudflared.tunnelToken',
              'Named tunnel token (optional)',
              settings.cloudflared.tunnelTokenSet ? 'stored — type to replace' : 'empty: a quick tunnel',
              'password',
            )}
            {field('cloudflared.hostname', 'Named tunnel hostname', 'scim.example.com')}
          </>
        )}
        {provider === 'ssh' && (
          <>
            {field('ssh.address', 'Address', 'ssh://user@bastion.example.com:22')}
            {field('ssh.keyPath', 'Private key file', 'empty: the SSH agent')}
            {field('ssh.remotePort', 'Remote port', '0: any')}
            {field('ssh.publicUrl', 'Public URL (optional)', 'when the server is reached by another address')}
            {field('ssh.knownHostsPath', 'known_hosts file (optional)', 'read besides ~/.ssh/known_hosts')}
          </>
        )}
        {provider === 'localtunnel' && (
          <>
            {field('localtunnel.host', 'Server (optional)', 'https://localtunnel.me')}
            {field('localtunnel.subdomain', 'Subdomain (optional)', 'acme-scim')}
          </>
        )}
      </div>
      {portError && <p className="invalid">{portError}</p>}
      <div className="tunnel-actions">
        <button type="button" disabled={Boolean(busy) || Boolean(portError)} onClick={() => void saveAndStart()}>
          {running ? 'Save and restart' : 'Save and start'}
        </button>
        <button type="button" disabled={!running || Boolean(busy)} onClick={() => void stop(client)}>
          Stop
        </button>
      </div>
      <p role="status" data-testid="tunnel-status">
        {busy === 'starting' ? `Starting ${provider}…` : status ? describeStatus(status) : 'No tunnel: IdPs in the cloud cannot reach this machine.'}
      </p>
      {provider === 'ssh' && <HostKey status={status} pinned={settings.ssh.pinnedHostKey} busy={Boolean(busy)} onForget={() => void forgetHostKey(client)} />}
      {error && (
        <p className="invalid" role="alert">
          {error}
        </p>
      )}
      <div className="tunnel-actions">
        <button type="button" disabled={Boolean(busy)} onClick={() => void testConnection(client, 'okta')}>
          Test like Okta
        </button>
        <button type="button" disabled={Boolean(busy)} onClick={() => void testConnection(client, 'entra')}>
          Test like Entra ID
        </button>
        {busy === 'testing' && <span>Sending the test request…</span>}
      </div>
      {test && (
        <div className={test.ok ? 'test-result ok' : 'test-result failed'} data-testid="test-result">
          <strong>{test.verdict}</strong>
          <div>
            GET <code>{test.url}</code> {test.throughTunnel ? '(through the tunnel)' : '(on this machine: no tunnel online)'} → {test.status ?? 'no answer'} in{' '}
            {Math.round(test.durationMs)} ms
          </div>
          {test.problems.length > 0 && (
            <ul>
              {test.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

const VERIFIED_BY: Record<TunnelHostKey['verifiedBy'], string> = {
  known_hosts: 'listed in known_hosts',
  pin: 'matches the key pinned on first use',
  'first use': 'first connection: pinned now, later connections must match',
};

/**
 * The SSH server's host key: the one the running tunnel accepted and why, or the pinned one. A
 * pin is forgotten only here, by the user, after checking the server's new key with its administrator.
 */
function HostKey({
  status,
  pinned,
  busy,
  onForget,
}: {
  status?: TunnelState;
  pinned?: TunnelSettingsView['ssh']['pinnedHostKey'];
  busy: boolean;
  onForget: () => void;
}) {
  const accepted = status?.provider === 'ssh' && status.state === 'online' ? status.hostKey : undefined;
  if (!accepted && !pinned) return null;
  return (
    <div className="tunnel-host-key" data-testid="tunnel-host-key">
      {accepted ? (
        <p>
          Host key of {accepted.host}:{' '}
          <code>
            {accepted.keyType} {accepted.fingerprint}
          </code>{' '}
          ({VERIFIED_BY[accepted.verifiedBy]})
        </p>
      ) : (
        <p>
          Pinned host key of {pinned!.host}:{' '}
          <code>
            {pinned!.keyType} {pinned!.fingerprint}
          </code>{' '}
          (since {new Date(pinned!.pinnedAt).toLocaleString()})
        </p>
      )}
      {pinned && (
        <button type="button" disabled={busy} onClick={onForget} title="Only after checking the server's new key with its administrator">
          Forget host key
        </button>
      )}
    </div>
  );
}

function describeStatus(status: TunnelState): string {
  switch (status.state) {
    case 'online':
      return `${status.provider} online: ${status.publicScimBaseUrl}`;
    case 'connecting':
      return `${status.provider} connecting…`;
    case 'reconnecting':
      return `${status.provider} reconnecting: ${status.message ?? ''}`;
    case 'failed':
      return `${status.provider} failed: ${status.message ?? ''}`;
    default:
      return `${status.provider} stopped.`;
  }
}
