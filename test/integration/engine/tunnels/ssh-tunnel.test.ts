import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsTunnel } from '../../../../src/engine/http/tunnel-connections';
import { URN } from '../../../../src/engine/scim/urns';
import type { HostKeyPins, HostKeyPolicy, PinnedHostKey } from '../../../../src/engine/tunnels/ssh-host-key';
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

/** Pins kept in memory, and no known_hosts file: never the real ~/.ssh. */
function memoryPins(): HostKeyPins & { all: Map<string, PinnedHostKey> } {
  const all = new Map<string, PinnedHostKey>();
  return { all, get: (name) => all.get(name), pin: (name, key) => void all.set(name, key) };
}
const trustOnFirstUse = (): HostKeyPolicy => ({ knownHosts: [], pins: memoryPins() });
/**
 * The forwarded port is bound where the tests then connect. With the default `localhost`, sshd binds
 * ::1 and 127.0.0.1 with one allocated port and is content with either: when another test's server
 * holds that port on 127.0.0.1, the requests below would reach it (a 401 from the wrong server).
 */
const LOOPBACK_V4 = '127.0.0.1';

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
    const tunnel = new SshTunnel({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKeyPath: sshd.keyPath,
      remotePort: 0,
      remoteBindHost: LOOPBACK_V4,
      hostKeys: trustOnFirstUse(),
    });
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

  it('says so when the key is refused, and pins no host key for a connection that never came up', async () => {
    const pins = memoryPins();
    const tunnel = new SshTunnel({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKeyPath: sshd.wrongKeyPath,
      hostKeys: { knownHosts: [], pins },
    });
    await expect(tunnel.start(target, () => {})).rejects.toThrow(/SSH authentication refused for .*check the key/);
    expect(pins.all.size).toBe(0);
  });

  it('says so when the remote port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const tunnel = new SshTunnel({
        host: '127.0.0.1',
        port: sshd.port,
        username: sshd.username,
        privateKeyPath: sshd.keyPath,
        remoteBindHost: '127.0.0.1',
        remotePort: port,
        hostKeys: trustOnFirstUse(),
      });
      await expect(tunnel.start(target, () => {})).rejects.toThrow(/remote port may be taken/);
    } finally {
      taken.close();
    }
  });

  it('says so when nothing answers, or the key file is missing', async () => {
    const closed = new SshTunnel({ host: '127.0.0.1', port: 1, username: 'x', privateKeyPath: sshd.keyPath, hostKeys: trustOnFirstUse() });
    await expect(closed.start(target, () => {})).rejects.toThrow(/Cannot connect to the SSH server x@127\.0\.0\.1:1/);
    const noKey = new SshTunnel({ host: '127.0.0.1', port: sshd.port, username: 'x', privateKeyPath: '/no/such/key', hostKeys: trustOnFirstUse() });
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
    const tunnel = new SshTunnel({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKeyPath: sshd.keyPath,
      remotePort: 0,
      remoteBindHost: LOOPBACK_V4,
      backoff: { firstMs: 100, maxMs: 400 },
      hostKeys: trustOnFirstUse(),
    });
    try {
      const publicUrl = await tunnel.start(target, (status) => statuses.push(status));
      expect((await fetch(`${publicUrl}/scim/v2/ServiceProviderConfig`)).status).toBe(200);

      await sshd.kill();
      const waitFor = (predicate: () => boolean) => expect.poll(predicate, { timeout: 20_000 }).toBe(true);
      await waitFor(() => statuses.some((status) => status.state === 'reconnecting'));
      expect(statuses.find((status) => status.state === 'reconnecting')).toMatchObject({
        provider: 'ssh',
        attempt: 1,
        retryInMs: 100,
        reason: 'the SSH connection closed',
      });
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

/** What `ssh-keygen -l` prints for a public key: the fingerprint users compare. */
function keygenFingerprint(publicKeyLine: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scim-workbench-fp-'));
  try {
    writeFileSync(join(dir, 'key.pub'), `${publicKeyLine}\n`);
    return execFileSync('ssh-keygen', ['-l', '-f', join(dir, 'key.pub')], { encoding: 'utf8' }).split(' ')[1]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const withoutComment = (publicKeyLine: string) => publicKeyLine.split(' ').slice(0, 2).join(' ');

describe.skipIf(sshdMissing)(`SSH host key verification${sshdMissing ? ' (skipped)' : ''}`, () => {
  let sshd: TestSshd;
  let scim: ScimTestServer;
  let target: TunnelTarget;
  let dir: string;
  beforeAll(async () => {
    sshd = await startSshd();
    scim = await startScimServer();
    const port = Number(new URL(scim.origin).port);
    target = { host: '127.0.0.1', port, connect: () => connectAsTunnel('127.0.0.1', port) };
    dir = mkdtempSync(join(tmpdir(), 'scim-workbench-known-hosts-'));
  });
  afterAll(async () => {
    await scim?.close();
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const name = () => `[127.0.0.1]:${sshd.port}`;
  const tunnelWith = (hostKeys: HostKeyPolicy) =>
    new SshTunnel({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKeyPath: sshd.keyPath,
      remotePort: 0,
      remoteBindHost: LOOPBACK_V4,
      hostKeys,
    });
  const knownHosts = (file: string, lines: string[]) => {
    const path = join(dir, file);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };

  it('pins the key on first use and shows its fingerprint as ssh-keygen prints it; a later connection matching the pin comes online', async () => {
    const pins = memoryPins();
    const statuses: TunnelStatus[] = [];
    const first = tunnelWith({ knownHosts: [], pins });
    await first.start(target, (status) => statuses.push(status));
    await first.stop();
    const fingerprint = keygenFingerprint(sshd.hostPublicKey());
    expect(fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(statuses.at(-1)).toMatchObject({ state: 'online', hostKey: { host: name(), keyType: 'ssh-ed25519', fingerprint, verifiedBy: 'first use' } });
    expect(pins.all.get(name())).toMatchObject({ keyType: 'ssh-ed25519', fingerprint });

    const again: TunnelStatus[] = [];
    const second = tunnelWith({ knownHosts: [], pins });
    const publicUrl = await second.start(target, (status) => again.push(status));
    try {
      expect(again.at(-1)).toMatchObject({ state: 'online', hostKey: { fingerprint, verifiedBy: 'pin' } });
      expect((await fetch(`${publicUrl}/scim/v2/ServiceProviderConfig`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('accepts a server listed in known_hosts under a hashed name (ssh-keygen -H), without pinning it', async () => {
    const path = knownHosts('hashed', [
      '# written by ssh, then hashed',
      `[127.0.0.1]:1 ${withoutComment(sshd.wrongKeyPublic())}`,
      `${name()} ${withoutComment(sshd.hostPublicKey())}`,
    ]);
    execFileSync('ssh-keygen', ['-H', '-f', path], { stdio: 'ignore' });
    expect(readFileSync(path, 'utf8')).not.toContain('127.0.0.1');
    expect(readFileSync(path, 'utf8')).toMatch(/^\|1\|/m);
    const pins = memoryPins();
    const statuses: TunnelStatus[] = [];
    const tunnel = tunnelWith({ knownHosts: [{ path }], pins });
    await tunnel.start(target, (status) => statuses.push(status));
    await tunnel.stop();
    expect(statuses.at(-1)).toMatchObject({ state: 'online', hostKey: { verifiedBy: 'known_hosts', fingerprint: keygenFingerprint(sshd.hostPublicKey()) } });
    expect(pins.all.size).toBe(0);
  });

  it('refuses a server whose key differs from its known_hosts entry, naming both fingerprints, and pins nothing', async () => {
    const path = knownHosts('wrong', [`${name()} ${withoutComment(sshd.wrongKeyPublic())}`]);
    const pins = memoryPins();
    const statuses: TunnelStatus[] = [];
    const tunnel = tunnelWith({ knownHosts: [{ path }], pins });
    const failure = await tunnel
      .start(target, (status) => statuses.push(status))
      .then(
        () => undefined,
        (error: Error) => error.message,
      );
    await tunnel.stop();
    expect(failure).toContain(`The SSH server ${name()} offered the host key ssh-ed25519 ${keygenFingerprint(sshd.hostPublicKey())}`);
    expect(failure).toContain(`${path}:1 expects ssh-ed25519 ${keygenFingerprint(sshd.wrongKeyPublic())}`);
    // The entry is in a file of its own, so the advice names it (-R alone would edit ~/.ssh/known_hosts).
    expect(failure).toContain(`ssh-keygen -R '${name()}' -f '${path}'`);
    expect(statuses.map((status) => status.state)).toEqual(['connecting']);
    expect(pins.all.size).toBe(0);
  });

  it('refuses a key marked @revoked, and says when a named known_hosts file cannot be read', async () => {
    const path = knownHosts('revoked', [`@revoked ${name()} ${withoutComment(sshd.hostPublicKey())}`]);
    await expect(tunnelWith({ knownHosts: [{ path }], pins: memoryPins() }).start(target, () => {})).rejects.toThrow(/marks @revoked/);
    const missing = join(dir, 'no-such-file');
    await expect(tunnelWith({ knownHosts: [{ path: missing }], pins: memoryPins() }).start(target, () => {})).rejects.toThrow(
      `Cannot read the known_hosts file ${missing}`,
    );
    // The default ~/.ssh/known_hosts may be missing: then the key is pinned.
    const pins = memoryPins();
    const tunnel = tunnelWith({ knownHosts: [{ path: missing, optional: true }], pins });
    await tunnel.start(target, () => {});
    await tunnel.stop();
    expect(pins.all.has(name())).toBe(true);
  });
});

describe.skipIf(sshdMissing)(`SSH host key of a server with several keys${sshdMissing ? ' (skipped)' : ''}`, () => {
  it('asks for the key type known_hosts lists, so that a server known by its ECDSA key is accepted', async () => {
    const sshd = await startSshd({ ecdsaHostKey: true });
    const scim = await startScimServer();
    const dir = mkdtempSync(join(tmpdir(), 'scim-workbench-known-hosts-'));
    const port = Number(new URL(scim.origin).port);
    const target: TunnelTarget = { host: '127.0.0.1', port, connect: () => connectAsTunnel('127.0.0.1', port) };
    try {
      const path = join(dir, 'known_hosts');
      writeFileSync(path, `[127.0.0.1]:${sshd.port} ${sshd.ecdsaHostPublicKey()}\n`);
      const statuses: TunnelStatus[] = [];
      const tunnel = new SshTunnel({
        host: '127.0.0.1',
        port: sshd.port,
        username: sshd.username,
        privateKeyPath: sshd.keyPath,
        remotePort: 0,
        remoteBindHost: LOOPBACK_V4,
        hostKeys: { knownHosts: [{ path }], pins: memoryPins() },
      });
      await tunnel.start(target, (status) => statuses.push(status));
      await tunnel.stop();
      expect(statuses.at(-1)).toMatchObject({
        state: 'online',
        hostKey: { keyType: 'ecdsa-sha2-nistp256', verifiedBy: 'known_hosts', fingerprint: keygenFingerprint(sshd.ecdsaHostPublicKey()) },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await scim.close();
      await sshd.stop();
    }
  });
});

describe.skipIf(sshdMissing)(`SSH host key changed since it was pinned${sshdMissing ? ' (skipped)' : ''}`, () => {
  it('refuses the server restarted with another host key, names both fingerprints, and opens no tunnel', async () => {
    const sshd = await startSshd();
    const scim = await startScimServer();
    const port = Number(new URL(scim.origin).port);
    const target: TunnelTarget = { host: '127.0.0.1', port, connect: () => connectAsTunnel('127.0.0.1', port) };
    const pins = memoryPins();
    const options = {
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKeyPath: sshd.keyPath,
      remotePort: 0,
      remoteBindHost: LOOPBACK_V4,
      hostKeys: { knownHosts: [], pins },
    };
    try {
      const first = new SshTunnel(options);
      await first.start(target, () => {});
      await first.stop();
      const pinned = keygenFingerprint(sshd.hostPublicKey());

      await sshd.restartWithNewHostKey();
      const offered = keygenFingerprint(sshd.hostPublicKey());
      expect(offered).not.toBe(pinned);
      const statuses: TunnelStatus[] = [];
      const second = new SshTunnel(options);
      const failure = await second
        .start(target, (status) => statuses.push(status))
        .then(
          () => undefined,
          (error: Error) => error.message,
        );
      await second.stop();
      expect(failure).toContain(`The SSH server [127.0.0.1]:${sshd.port} offered the host key ssh-ed25519 ${offered}`);
      expect(failure).toContain(`the key pinned on first use`);
      expect(failure).toContain(`is ssh-ed25519 ${pinned}`);
      expect(failure).toContain('Forget host key');
      expect(failure).toContain('No tunnel was opened');
      expect(statuses.map((status) => status.state)).toEqual(['connecting']);
      // The pin is kept: only the user may forget it.
      expect(pins.all.get(`[127.0.0.1]:${sshd.port}`)?.fingerprint).toBe(pinned);
    } finally {
      await scim.close();
      await sshd.stop();
    }
  });

  it('while online, a reconnect that meets another host key fails for good instead of retrying', async () => {
    const sshd = await startSshd();
    const scim = await startScimServer();
    const port = Number(new URL(scim.origin).port);
    const target: TunnelTarget = { host: '127.0.0.1', port, connect: () => connectAsTunnel('127.0.0.1', port) };
    const statuses: TunnelStatus[] = [];
    const tunnel = new SshTunnel({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKeyPath: sshd.keyPath,
      remotePort: 0,
      remoteBindHost: LOOPBACK_V4,
      backoff: { firstMs: 50, maxMs: 50 },
      hostKeys: trustOnFirstUse(),
    });
    try {
      await tunnel.start(target, (status) => statuses.push(status));
      await sshd.restartWithNewHostKey();
      await expect.poll(() => statuses.some((status) => status.state === 'failed'), { timeout: 20_000 }).toBe(true);
      const failed = statuses.find((status) => status.state === 'failed') as Extract<TunnelStatus, { state: 'failed' }>;
      expect(failed.message).toContain(`offered the host key ssh-ed25519 ${keygenFingerprint(sshd.hostPublicKey())}`);
      // Reconnecting while sshd restarts, then failed: never online again with the other key.
      const states = statuses.map((status) => status.state);
      expect(states.slice(0, 3)).toEqual(['connecting', 'online', 'reconnecting']);
      expect(states.slice(2, -1).every((state) => state === 'reconnecting')).toBe(true);
      expect(states.at(-1)).toBe('failed');
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
