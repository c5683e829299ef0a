import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestConnectionResult, TunnelResponse } from '../../../../src/shared/admin-api';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';
import { startTestLocaltunnelServer, type TestLocaltunnelServer } from '../../../support/localtunnel-server';
import { sshdMissing, startSshd } from '../../../support/sshd';
import { adminApi } from '../../../support/admin-api';

/**
 * The inspector's tunnel panel through the admin API of a real engine: settings with write-only
 * secrets, start/stop, the public URL change announcement, and Okta's/Entra's test-connection
 * request sent through the tunnel. The tunnel is a self-hosted localtunnel server on loopback
 * (each tunnel gets a new public port, so a restart really changes the URL) and Debian's sshd.
 */
const dir = tempDir();
let engine: RunningEngine;
let server: TestLocaltunnelServer;
// The default ~/.ssh/known_hosts is read: an empty home of the test's own, never the real one.
process.env.HOME = dir.path;

beforeAll(async () => {
  server = await startTestLocaltunnelServer();
  engine = await startEngine({ dbPath: join(dir.path, 'tunnel-api.db'), port: 0 });
});
afterAll(async () => {
  await engine?.close();
  await server?.close();
  dir.remove();
});

const api = adminApi(() => ({ url: engine.adminUrl, token: engine.adminToken }));

describe('tunnel settings', () => {
  it('stores secrets but never sends them back', async () => {
    const saved = await api<TunnelResponse>('PUT', '/tunnel/settings', {
      provider: 'ngrok',
      ngrok: { authtoken: 'ngrok-secret-123', domain: 'acme.ngrok.app' },
    });
    expect(saved.status).toBe(200);
    expect(saved.text).not.toContain('ngrok-secret-123');
    expect(saved.body.settings).toMatchObject({ provider: 'ngrok', ngrok: { authtokenSet: true, domain: 'acme.ngrok.app' } });
    const read = await api<TunnelResponse>('GET', '/tunnel');
    expect(read.text).not.toContain('ngrok-secret-123');
    expect(read.body.settings.ngrok.authtokenSet).toBe(true);
    // Stored in the database, for the next start.
    expect(engine.workbench.appSettings.get<{ ngrok: { authtoken: string } }>('tunnel')!.ngrok.authtoken).toBe('ngrok-secret-123');
  });

  it('keeps what an update leaves out and clears what it empties', async () => {
    await api('PUT', '/tunnel/settings', { ngrok: { domain: 'other.ngrok.app' } });
    expect((await api<TunnelResponse>('GET', '/tunnel')).body.settings.ngrok).toMatchObject({ authtokenSet: true, domain: 'other.ngrok.app' });
    await api('PUT', '/tunnel/settings', { ngrok: { authtoken: '', domain: '' } });
    const cleared = (await api<TunnelResponse>('GET', '/tunnel')).body.settings.ngrok;
    expect(cleared.authtokenSet).toBe(false);
    expect(cleared.domain).toBeUndefined();
  });

  it('refuses unknown fields and providers with a message', async () => {
    const typo = await api<{ error: string }>('PUT', '/tunnel/settings', { ngrok: { authToken: 'x' } });
    expect(typo.status).toBe(400);
    expect(typo.body.error).toContain('must NOT have additional properties');
    expect((await api('PUT', '/tunnel/settings', { provider: 'frp' })).status).toBe(400);
    expect((await api('PUT', '/tunnel/settings', { ssh: { remotePort: 70000 } })).status).toBe(400);
  });

  it('are never part of an exported session', async () => {
    await api('PUT', '/tunnel/settings', {
      ngrok: { authtoken: 'never-exported-456' },
      cloudflared: { tunnelToken: 'cf-secret-789', hostname: 'scim.example.com' },
    });
    await fetch(`${engine.scimBaseUrl}/Users`, { headers: { authorization: `Bearer ${engine.token}` } });
    const sessions = (await api<{ id: number }[]>('GET', '/sessions')).body;
    for (const format of ['json', 'har']) {
      const exported = await api('GET', `/sessions/${sessions[0]!.id}/export?format=${format}`);
      expect(exported.status).toBe(200);
      expect(exported.text).not.toContain('never-exported-456');
      expect(exported.text).not.toContain('cf-secret-789');
    }
    await api('PUT', '/tunnel/settings', { ngrok: { authtoken: '' }, cloudflared: { tunnelToken: '', hostname: '' } });
  });
});

describe('start, stop and the public URL', () => {
  it('starts the stored provider, says when its public URL changes, and stops', async () => {
    await api('PUT', '/tunnel/settings', { provider: 'localtunnel', localtunnel: { host: server.url } });
    const first = await api<TunnelResponse>('POST', '/tunnel/start', {});
    expect(first.status).toBe(200);
    expect(first.body.status).toMatchObject({
      provider: 'localtunnel',
      state: 'online',
      publicScimBaseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/),
    });
    const firstUrl = first.body.status!.publicScimBaseUrl!;
    // The card reads /info too.
    expect((await api<{ tunnel: unknown }>('GET', '/info')).body.tunnel).toEqual(first.body.status);
    // SCIM through the public URL.
    expect((await fetch(`${firstUrl}/Users`, { headers: { authorization: `Bearer ${engine.token}` } })).status).toBe(200);

    const stopped = await api<TunnelResponse>('POST', '/tunnel/stop');
    expect(stopped.body.status).toEqual({ provider: 'localtunnel', state: 'stopped' });
    await expect(fetch(`${firstUrl}/Users`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();

    // The server hands out another address: the IdP still has the first one, so it is said.
    const second = await api<TunnelResponse>('POST', '/tunnel/start', {});
    expect(second.body.status).toMatchObject({ state: 'online', previousPublicScimBaseUrl: firstUrl, publicUrlChangedAt: expect.any(String) });
    expect(second.body.status!.publicScimBaseUrl).not.toBe(firstUrl);
    await api('POST', '/tunnel/stop');
  });

  it('reports a failed start as the failed status with its message', async () => {
    await api('PUT', '/tunnel/settings', { provider: 'ngrok', ngrok: { authtoken: 'x', serverAddr: '127.0.0.1:1' } });
    const failed = await api<TunnelResponse>('POST', '/tunnel/start', {});
    expect(failed.status).toBe(200);
    expect(failed.body.status).toEqual({
      provider: 'ngrok',
      state: 'failed',
      message: 'Cannot reach ngrok at 127.0.0.1:1: no network, or a firewall or proxy blocks it.',
    });
  });

  it('refuses to start without a provider or with incomplete settings, leaving a running tunnel alone', async () => {
    const started = await api<TunnelResponse>('POST', '/tunnel/start', { provider: 'localtunnel' });
    expect(started.body.status?.state).toBe('online');
    const noAddress = await api<{ error: string }>('POST', '/tunnel/start', { provider: 'ssh' });
    expect(noAddress).toMatchObject({ status: 400, body: { error: 'The SSH tunnel needs an address: ssh://user@host[:port].' } });
    expect((await api<TunnelResponse>('GET', '/tunnel')).body.status?.state).toBe('online');
    await api('POST', '/tunnel/stop');
    expect((await api('POST', '/tunnel/start', { provider: 'wireguard' })).status).toBe(400);
  });
});

describe('test like Okta', () => {
  it('sends the test-connection request through the public URL while a tunnel is online', async () => {
    await api('PUT', '/tunnel/settings', { provider: 'localtunnel', localtunnel: { host: server.url } });
    const started = await api<TunnelResponse>('POST', '/tunnel/start', {});
    try {
      const okta = await api<TestConnectionResult>('POST', '/tunnel/test-connection', { idp: 'okta' });
      expect(okta.body).toMatchObject({ idp: 'okta', ok: true, status: 200, throughTunnel: true, problems: [], verdict: 'Okta would accept this connection.' });
      expect(okta.body.url).toBe(`${started.body.status!.publicScimBaseUrl}/Users?startIndex=1&count=2`);
      const recorded = engine.workbench.recordings.listExchanges({ limit: 1 }).items[0]!;
      expect(recorded).toMatchObject({ source: 'tunnel', request: { method: 'GET', url: '/scim/v2/Users?startIndex=1&count=2' }, response: { status: 200 } });
      const entra = await api<TestConnectionResult>('POST', '/tunnel/test-connection', { idp: 'entra' });
      expect(entra.body).toMatchObject({ idp: 'entra', ok: true, throughTunnel: true });
    } finally {
      await api('POST', '/tunnel/stop');
    }
  });

  it("tests this machine's URL without a tunnel, and refuses an unknown workspace", async () => {
    const local = await api<TestConnectionResult>('POST', '/tunnel/test-connection', { idp: 'okta' });
    expect(local.body).toMatchObject({ ok: true, throughTunnel: false, url: `${engine.scimBaseUrl}/Users?startIndex=1&count=2` });
    expect((await api('POST', '/tunnel/test-connection', { workspace: 'nope' })).status).toBe(404);
  });
});

describe.skipIf(sshdMissing)(`an SSH tunnel from the stored settings${sshdMissing ? ' (skipped: no sshd)' : ''}`, () => {
  it('opens, serves the test connection, and stops', async () => {
    const sshd = await startSshd();
    try {
      await api('PUT', '/tunnel/settings', {
        provider: 'ssh',
        ssh: { address: `ssh://${sshd.username}@127.0.0.1:${sshd.port}`, keyPath: sshd.keyPath, remotePort: 0 },
      });
      const started = await api<TunnelResponse>('POST', '/tunnel/start', {});
      expect(started.body.status).toMatchObject({ provider: 'ssh', state: 'online' });
      expect((await api<TestConnectionResult>('POST', '/tunnel/test-connection', {})).body).toMatchObject({ ok: true, throughTunnel: true });
      expect((await api<TunnelResponse>('POST', '/tunnel/stop')).body.status?.state).toBe('stopped');
    } finally {
      await sshd.stop();
    }
  });

  it('pins the host key on first use and shows it; refuses the server once its key changed; forgets the pin on request', async () => {
    const sshd = await startSshd();
    const host = `[127.0.0.1]:${sshd.port}`;
    try {
      await api('PUT', '/tunnel/settings', {
        provider: 'ssh',
        ssh: { address: `ssh://${sshd.username}@127.0.0.1:${sshd.port}`, keyPath: sshd.keyPath, remotePort: 0 },
      });
      // An earlier test's sshd may have had this port (and been pinned there).
      await api('DELETE', '/tunnel/ssh/host-key');
      expect((await api<TunnelResponse>('GET', '/tunnel')).body.settings.ssh.pinnedHostKey).toBeUndefined();
      const first = await api<TunnelResponse>('POST', '/tunnel/start', {});
      const hostKey = first.body.status!.hostKey!;
      expect(hostKey).toMatchObject({ host, keyType: 'ssh-ed25519', verifiedBy: 'first use', fingerprint: expect.stringMatching(/^SHA256:/) });
      expect(first.body.settings.ssh.pinnedHostKey).toMatchObject({ host, keyType: 'ssh-ed25519', fingerprint: hostKey.fingerprint });
      await api('POST', '/tunnel/stop');
      // The pin is not a setting an update may write.
      expect((await api('PUT', '/tunnel/settings', { ssh: { hostKeys: {} } })).status).toBe(400);

      await sshd.restartWithNewHostKey();
      const refused = await api<TunnelResponse>('POST', '/tunnel/start', {});
      expect(refused.body.status).toMatchObject({ provider: 'ssh', state: 'failed', message: expect.stringContaining(`but the key pinned on first use`) });
      expect(refused.body.status!.message).toContain(hostKey.fingerprint);
      expect(refused.body.status!.publicScimBaseUrl).toBeUndefined();

      const forgotten = await api<TunnelResponse>('DELETE', '/tunnel/ssh/host-key');
      expect(forgotten.status).toBe(200);
      expect(forgotten.body.settings.ssh.pinnedHostKey).toBeUndefined();
      expect((await api<{ error: string }>('DELETE', '/tunnel/ssh/host-key')).body).toEqual({ error: `No host key is pinned for ${host}.` });
      const again = await api<TunnelResponse>('POST', '/tunnel/start', {});
      expect(again.body.status).toMatchObject({ state: 'online', hostKey: { verifiedBy: 'first use' } });
      expect(again.body.status!.hostKey!.fingerprint).not.toBe(hostKey.fingerprint);
      await api('POST', '/tunnel/stop');
    } finally {
      await sshd.stop();
    }
  });

  it('reads a known_hosts file the settings name: a server listed with another key is refused and nothing is pinned', async () => {
    const sshd = await startSshd();
    const host = `[127.0.0.1]:${sshd.port}`;
    try {
      const knownHostsPath = join(dir.path, 'known_hosts');
      writeFileSync(knownHostsPath, `${host} ${sshd.wrongKeyPublic()}\n`);
      await api('PUT', '/tunnel/settings', {
        provider: 'ssh',
        ssh: { address: `ssh://${sshd.username}@127.0.0.1:${sshd.port}`, keyPath: sshd.keyPath, remotePort: 0, knownHostsPath },
      });
      const refused = await api<TunnelResponse>('POST', '/tunnel/start', {});
      expect(refused.body.status).toMatchObject({ state: 'failed', message: expect.stringContaining(`${knownHostsPath}:1 expects ssh-ed25519`) });
      expect(refused.body.settings.ssh).toMatchObject({ knownHostsPath });
      expect(refused.body.settings.ssh.pinnedHostKey).toBeUndefined();
      writeFileSync(knownHostsPath, `${host} ${sshd.hostPublicKey()}\n`);
      const started = await api<TunnelResponse>('POST', '/tunnel/start', {});
      expect(started.body.status).toMatchObject({ state: 'online', hostKey: { verifiedBy: 'known_hosts' } });
      await api('POST', '/tunnel/stop');
    } finally {
      await sshd.stop();
    }
  });

  it('has no pin to forget without an SSH address', async () => {
    await api('PUT', '/tunnel/settings', { ssh: { address: '' } });
    expect((await api<{ error: string }>('DELETE', '/tunnel/ssh/host-key')).body).toEqual({ error: 'No SSH address is set: there is no host key to forget.' });
  });
});
