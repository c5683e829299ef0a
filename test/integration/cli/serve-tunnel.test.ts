import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbench } from '../../../src/engine/workbench';
import { updateTunnelSettings } from '../../../src/engine/tunnels/tunnel-settings';
import { runCli, spawnCli, startServe, tempDir } from '../../support/cli';
import { startTestLocaltunnelServer } from '../../support/localtunnel-server';
import { sshdMissing, SSHD, startSshd, type TestSshd } from '../../support/sshd';
import { refusedPort } from '../../support/ports';

/** `scim-workbench serve --tunnel ssh://…` against Debian's sshd on a loopback port. */
if (sshdMissing) console.log(`serve --tunnel test skipped: no ${SSHD} (apt-get install openssh-server)`);

describe.skipIf(sshdMissing)(`serve --tunnel ssh://${sshdMissing ? ' (skipped: no sshd)' : ''}`, () => {
  let sshd: TestSshd;
  const dir = tempDir();
  // serve reads ~/.ssh/known_hosts: the children get an empty home of the test's own.
  process.env.HOME = dir.path;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
    dir.remove();
  });

  it('prints the public SCIM base URL, which serves SCIM through the tunnel', async () => {
    const serve = await startServe([
      '--db',
      join(dir.path, 't.db'),
      '--quiet',
      '--tunnel',
      `ssh://${sshd.username}@127.0.0.1:${sshd.port}`,
      '--ssh-key',
      sshd.keyPath,
      '--ssh-remote-port',
      '0',
    ]);
    try {
      await expect.poll(() => /^Admin token: /m.test(serve.output()), { timeout: 20_000, interval: 10 }).toBe(true);
      const publicUrl = /^Public SCIM base URL: (\S+)$/m.exec(serve.output())![1]!;
      expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      const response = await fetch(`${publicUrl}/Users`, { headers: { authorization: `Bearer ${serve.token}` } });
      expect(response.status).toBe(200);
      // The inspector's connection card reads the public URL from the admin API.
      const adminUrl = /^Admin API: (\S+)/m.exec(serve.output())![1]!;
      const adminToken = /^Admin token: (\S+)$/m.exec(serve.output())![1]!;
      const info = (await (await fetch(`${adminUrl}/info`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { tunnel?: unknown };
      const hostKey = /^SSH host key of (\S+): ssh-ed25519 (SHA256:\S+) \(first connection: pinned now, later connections must match\)\.$/m.exec(
        serve.output(),
      );
      expect(hostKey?.[1]).toBe(`[127.0.0.1]:${sshd.port}`);
      expect(info.tunnel).toEqual({
        provider: 'ssh',
        state: 'online',
        publicScimBaseUrl: publicUrl,
        publicOrigin: new URL(publicUrl).origin,
        hostKey: { host: `[127.0.0.1]:${sshd.port}`, keyType: 'ssh-ed25519', fingerprint: hostKey![2], verifiedBy: 'first use' },
      });
    } finally {
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
    }
  });

  it('exits with a message a person can act on when the key is refused', async () => {
    const result = await spawnCli([
      'serve',
      '--port',
      '0',
      '--db',
      join(dir.path, 'w.db'),
      '--tunnel',
      `ssh://${sshd.username}@127.0.0.1:${sshd.port}`,
      '--ssh-key',
      sshd.wrongKeyPath,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SSH authentication refused');
  });

  it('says the pinned key matched on the next run, and exits with the changed-key message once the server has another key', async () => {
    const args = [
      '--db',
      join(dir.path, 't.db'),
      '--quiet',
      '--tunnel',
      `ssh://${sshd.username}@127.0.0.1:${sshd.port}`,
      '--ssh-key',
      sshd.keyPath,
      '--ssh-remote-port',
      '0',
    ];
    const serve = await startServe(args);
    try {
      await expect.poll(() => /^Admin token: /m.test(serve.output()), { timeout: 20_000, interval: 10 }).toBe(true);
      expect(serve.output()).toMatch(/^SSH host key of \S+: ssh-ed25519 SHA256:\S+ \(matches the key pinned on first use\)\.$/m);
    } finally {
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
    }
    await sshd.restartWithNewHostKey();
    const refused = await spawnCli(['serve', '--port', '0', ...args]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`The SSH server [127.0.0.1]:${sshd.port} offered the host key ssh-ed25519 SHA256:`);
    expect(refused.stderr).toContain('but the key pinned on first use');
    expect(refused.stderr).toContain('scim-workbench forget-host-key');
    expect(refused.stdout).not.toContain('Public SCIM base URL');

    // Checked with the administrator: forget the pin from the CLI, and the next start pins the new key.
    const address = `ssh://${sshd.username}@127.0.0.1:${sshd.port}`;
    const forgot = await runCli(['forget-host-key', address, '--db', join(dir.path, 't.db')]);
    expect(forgot.code).toBe(0);
    expect(forgot.stdout).toContain(`Forgot the host key pinned for [127.0.0.1]:${sshd.port}`);
    const again = await runCli(['forget-host-key', address, '--db', join(dir.path, 't.db')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No host key is pinned for [127.0.0.1]:${sshd.port}`);
    const notSsh = await runCli(['forget-host-key', 'https://example.com', '--db', join(dir.path, 't.db')]);
    expect(notSsh.code).toBe(1);
    expect(notSsh.stderr).toContain('is not an SSH address');
    const renewed = await startServe(args);
    try {
      await expect.poll(() => /^Admin token: /m.test(renewed.output()), { timeout: 20_000, interval: 10 }).toBe(true);
      expect(renewed.output()).toMatch(/^SSH host key of \S+: ssh-ed25519 SHA256:\S+ \(first connection: pinned now/m);
    } finally {
      renewed.child.kill('SIGTERM');
      expect(await renewed.exited).toBe(0);
    }
  });
});

describe('serve --tunnel ngrok|cloudflared|localtunnel, and bad values', () => {
  it('says what to fix instead of failing obscurely', async () => {
    const dir = tempDir();
    try {
      const ngrok = await spawnCli(['serve', '--port', '0', '--db', join(dir.path, 'n.db'), '--tunnel', 'ngrok'], 20_000, { NGROK_AUTHTOKEN: undefined });
      expect(ngrok.code).toBe(1);
      expect(ngrok.stderr).toContain('ngrok needs an authtoken');
      const noBinary = await spawnCli([
        'serve',
        '--port',
        '0',
        '--db',
        join(dir.path, 'n.db'),
        '--tunnel',
        'cloudflared',
        '--cloudflared',
        join(dir.path, 'no-such-cloudflared'),
      ]);
      expect(noBinary.code).toBe(1);
      expect(noBinary.stderr).toContain('Cannot run');
      const bad = await spawnCli(['serve', '--port', '0', '--db', join(dir.path, 'n.db'), '--tunnel', 'ssh://nobody']);
      expect(bad.stderr).toContain('ssh://user@host[:port]');
      const unknown = await spawnCli(['serve', '--port', '0', '--db', join(dir.path, 'n.db'), '--tunnel', 'frp']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('--tunnel must be ngrok, cloudflared, localtunnel or ssh://user@host[:port]; got "frp"');
    } finally {
      dir.remove();
    }
  });

  it('takes the ngrok settings the inspector stored (authtoken, ingress) when no flag or variable gives them', async () => {
    const dir = tempDir();
    const ingress = await refusedPort();
    const port = ingress.port;
    try {
      const dbPath = join(dir.path, 'stored.db');
      const workbench = openWorkbench({ dbPath });
      updateTunnelSettings(workbench.appSettings, { ngrok: { authtoken: 'stored-token', serverAddr: `127.0.0.1:${port}` } });
      workbench.close();
      const result = await spawnCli(['serve', '--port', '0', '--db', dbPath, '--tunnel', 'ngrok'], 20_000, { NGROK_AUTHTOKEN: undefined });
      expect(result.code).toBe(1);
      // Past the authtoken check (the stored one was used), stopped at the unreachable ingress.
      expect(result.stderr).toContain(`Cannot reach ngrok at 127.0.0.1:${port}`);
    } finally {
      await ingress.close();
      dir.remove();
    }
  });

  it('--tunnel localtunnel --localtunnel-host prints the public URL of a self-hosted localtunnel server', async () => {
    const dir = tempDir();
    const server = await startTestLocaltunnelServer();
    const serve = await startServe([
      '--db',
      join(dir.path, 'lt.db'),
      '--quiet',
      '--tunnel',
      'localtunnel',
      '--localtunnel-host',
      server.url,
      '--localtunnel-subdomain',
      'qa-run',
    ]);
    try {
      await expect.poll(() => /^Admin token: /m.test(serve.output()), { timeout: 20_000, interval: 10 }).toBe(true);
      const publicUrl = /^Public SCIM base URL: (\S+)$/m.exec(serve.output())![1]!;
      expect(server.requests).toEqual(['/qa-run']);
      const response = await fetch(`${publicUrl}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${serve.token}` } });
      expect(response.status).toBe(200);
    } finally {
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
      await server.close();
      dir.remove();
    }
  });
});
