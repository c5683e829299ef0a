import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe, tempDir } from '../../support/cli';
import { sshdMissing, SSHD, startSshd, type TestSshd } from '../../support/sshd';

/** `scim-workbench serve --tunnel ssh://…` against Debian's sshd on a loopback port. */
if (sshdMissing) console.log(`serve --tunnel test skipped: no ${SSHD} (apt-get install openssh-server)`);

describe.skipIf(sshdMissing)(`serve --tunnel ssh://${sshdMissing ? ' (skipped: no sshd)' : ''}`, () => {
  let sshd: TestSshd;
  const dir = tempDir();
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
    dir.remove();
  });

  it('prints the public SCIM base URL, which serves SCIM through the tunnel', async () => {
    const serve = await startServe(['--db', join(dir.path, 't.db'), '--quiet', '--tunnel', `ssh://${sshd.username}@127.0.0.1:${sshd.port}`, '--ssh-key', sshd.keyPath, '--ssh-remote-port', '0']);
    try {
      while (!/^Admin token: /m.test(serve.output())) await new Promise((resolve) => setTimeout(resolve, 10));
      const publicUrl = /^Public SCIM base URL: (\S+)$/m.exec(serve.output())![1]!;
      expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      const response = await fetch(`${publicUrl}/Users`, { headers: { authorization: `Bearer ${serve.token}` } });
      expect(response.status).toBe(200);
      // The inspector's connection card reads the public URL from the admin API.
      const adminUrl = /^Admin API: (\S+)/m.exec(serve.output())![1]!;
      const adminToken = /^Admin token: (\S+)$/m.exec(serve.output())![1]!;
      const info = (await (await fetch(`${adminUrl}/info`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { tunnel?: unknown };
      expect(info.tunnel).toEqual({ provider: 'ssh', state: 'online', publicScimBaseUrl: publicUrl });
    } finally {
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
    }
  });

  it('exits with a message a person can act on when the key is refused', async () => {
    const result = await runCli(['serve', '--port', '0', '--db', join(dir.path, 'w.db'), '--tunnel', `ssh://${sshd.username}@127.0.0.1:${sshd.port}`, '--ssh-key', sshd.wrongKeyPath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SSH authentication refused');
  });
});

describe('serve --tunnel with a provider not built yet or a bad value', () => {
  it('says what is available instead of failing obscurely', async () => {
    const dir = tempDir();
    try {
      const ngrok = await runCli(['serve', '--port', '0', '--db', join(dir.path, 'n.db'), '--tunnel', 'ngrok']);
      expect(ngrok.code).toBe(1);
      expect(ngrok.stderr).toContain('ssh://user@host');
      const noBinary = await runCli(['serve', '--port', '0', '--db', join(dir.path, 'n.db'), '--tunnel', 'cloudflared', '--cloudflared', join(dir.path, 'no-such-cloudflared')]);
      expect(noBinary.code).toBe(1);
      expect(noBinary.stderr).toContain('Cannot run');
      const bad = await runCli(['serve', '--port', '0', '--db', join(dir.path, 'n.db'), '--tunnel', 'ssh://nobody']);
      expect(bad.stderr).toContain('ssh://user@host[:port]');
    } finally {
      dir.remove();
    }
  });
});
