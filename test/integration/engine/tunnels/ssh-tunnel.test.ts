import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsTunnel } from '../../../../src/engine/http/tunnel-connections';
import { URN } from '../../../../src/engine/scim/urns';
import { SshTunnel, parseSshUrl } from '../../../../src/engine/tunnels/ssh-tunnel';
import type { TunnelStatus, TunnelTarget } from '../../../../src/engine/tunnels/tunnel';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { sshdMissing, SSHD, startSshd, type TestSshd } from '../../../support/sshd';

/**
 * An SSH reverse tunnel through a real OpenSSH server on a loopback port: the SCIM API is
 * reachable at the remote port, requests are recorded with source `tunnel`, and only the SCIM
 * listener is forwarded. Failures say what to fix.
 */
if (sshdMissing) console.log(`SSH tunnel test skipped: no ${SSHD} (apt-get install openssh-server)`);

describe.skipIf(sshdMissing)(`SSH reverse tunnel${sshdMissing ? ` (skipped: no ${SSHD})` : ''}`, () => {
  let sshd: TestSshd;
  let scim: ScimTestServer;
  let target: TunnelTarget;
  beforeAll(async () => {
    sshd = await startSshd();
    scim = await startScimServer();
    const port = Number(new URL(scim.origin).port);
    target = { host: '127.0.0.1', port, connect: () => connectAsTunnel('127.0.0.1', port) };
  });
  afterAll(async () => {
    await scim?.close();
    await sshd?.stop();
  });

  it('opens a remote port that forwards to the SCIM listener, recorded as tunnel traffic', async () => {
    const statuses: TunnelStatus[] = [];
    const tunnel = new SshTunnel({ host: '127.0.0.1', port: sshd.port, username: sshd.username, privateKeyPath: sshd.keyPath, remotePort: 0 });
    const publicUrl = await tunnel.start(target, (status) => statuses.push(status));
    try {
      expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new URL(publicUrl).port).not.toBe(new URL(scim.origin).port);
      expect(statuses.map((status) => status.state)).toEqual(['connecting', 'online']);
      const created = await fetch(`${publicUrl}/scim/v2/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${scim.token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: [URN.user], userName: 'through.ssh@example.com' }),
      });
      expect(created.status).toBe(201);
      const exchange = scim.app.workbench.recordings.listExchanges({ limit: 1 }).items[0]!;
      expect(exchange).toMatchObject({ source: 'tunnel', request: { method: 'POST' } });
      // A direct request is local.
      await scim.request('GET', '/Users?count=0');
      expect(scim.app.workbench.recordings.listExchanges({ limit: 1 }).items[0]!.source).toBe('local');
      // What the tunnel reaches is the SCIM listener only: no admin routes there.
      expect((await fetch(`${publicUrl}/api/exchanges`)).status).toBe(404);
    } finally {
      await tunnel.stop();
    }
  });

  it('says so when the key is refused', async () => {
    const tunnel = new SshTunnel({ host: '127.0.0.1', port: sshd.port, username: sshd.username, privateKeyPath: sshd.wrongKeyPath });
    await expect(tunnel.start(target, () => {})).rejects.toThrow(/SSH authentication refused for .*check the key/);
  });

  it('says so when the remote port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const tunnel = new SshTunnel({ host: '127.0.0.1', port: sshd.port, username: sshd.username, privateKeyPath: sshd.keyPath, remoteBindHost: '127.0.0.1', remotePort: port });
      await expect(tunnel.start(target, () => {})).rejects.toThrow(/remote port may be taken/);
    } finally {
      taken.close();
    }
  });

  it('says so when nothing answers, or the key file is missing', async () => {
    const closed = new SshTunnel({ host: '127.0.0.1', port: 1, username: 'x', privateKeyPath: sshd.keyPath });
    await expect(closed.start(target, () => {})).rejects.toThrow(/Cannot connect to the SSH server x@127\.0\.0\.1:1/);
    const noKey = new SshTunnel({ host: '127.0.0.1', port: sshd.port, username: 'x', privateKeyPath: '/no/such/key' });
    await expect(noKey.start(target, () => {})).rejects.toThrow(/Cannot read the SSH key/);
  });
});


describe.skipIf(sshdMissing)(`SSH reverse tunnel across a server restart${sshdMissing ? ' (skipped)' : ''}`, () => {
  it('closes the remote port on stop, and reports reconnecting when sshd dies, then online again', async () => {
    const sshd = await startSshd();
    const scim = await startScimServer();
    const port = Number(new URL(scim.origin).port);
    const target: TunnelTarget = { host: '127.0.0.1', port, connect: () => connectAsTunnel('127.0.0.1', port) };
    const statuses: TunnelStatus[] = [];
    const tunnel = new SshTunnel({ host: '127.0.0.1', port: sshd.port, username: sshd.username, privateKeyPath: sshd.keyPath, remotePort: 0, backoff: { firstMs: 100, maxMs: 400 } });
    try {
      const publicUrl = await tunnel.start(target, (status) => statuses.push(status));
      expect((await fetch(`${publicUrl}/scim/v2/ServiceProviderConfig`)).status).toBe(200);

      await sshd.kill();
      const waitFor = async (predicate: () => boolean) => {
        while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      await waitFor(() => statuses.some((status) => status.state === 'reconnecting'));
      expect(statuses.find((status) => status.state === 'reconnecting')).toMatchObject({ provider: 'ssh', attempt: 1, retryInMs: 100, reason: 'the SSH connection closed' });
      // Retries keep failing while the server is down, with growing delays.
      await waitFor(() => statuses.filter((status) => status.state === 'reconnecting').length >= 3);
      const delays = statuses.flatMap((status) => (status.state === 'reconnecting' ? [status.retryInMs] : []));
      expect(delays.slice(0, 3)).toEqual([100, 200, 400]);

      await sshd.restart();
      await waitFor(() => statuses.at(-1)?.state === 'online');
      const again = statuses.at(-1) as Extract<TunnelStatus, { state: 'online' }>;
      expect((await fetch(`${again.publicUrl}/scim/v2/ServiceProviderConfig`)).status).toBe(200);

      await tunnel.stop();
      // Stopping closes the remote port: nothing listens there any more.
      await expect(fetch(`${again.publicUrl}/scim/v2/ServiceProviderConfig`, { signal: AbortSignal.timeout(3000) })).rejects.toThrow();
    } finally {
      await tunnel.stop();
      await scim.close();
      await sshd.stop();
    }
  });
});

describe('parseSshUrl', () => {
  it('reads ssh://user@host[:port] and refuses anything else', () => {
    expect(parseSshUrl('ssh://tunnel@bastion.example.com:2222')).toEqual({ username: 'tunnel', host: 'bastion.example.com', port: 2222 });
    expect(parseSshUrl('ssh://me@10.0.0.1')).toEqual({ username: 'me', host: '10.0.0.1', port: 22 });
    expect(() => parseSshUrl('bastion')).toThrow('ssh://user@host');
    expect(() => parseSshUrl('ssh://bastion')).toThrow('ssh://user@host');
  });
});
