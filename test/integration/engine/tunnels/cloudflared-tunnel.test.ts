import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudflaredTunnel, findOnPath, quickTunnelUrl } from '../../../../src/engine/tunnels/cloudflared-tunnel';
import type { TunnelStatus, TunnelTarget } from '../../../../src/engine/tunnels/tunnel';
import { tempDir } from '../../../support/cli';

/**
 * The cloudflared provider's process handling. The real cloudflared cannot run here (no binary, and
 * Cloudflare is not reachable), so these tests run small stand-in executables that print what
 * cloudflared prints, or fail as it fails; forwarding through Cloudflare itself is not tested here.
 */
const dir = tempDir();
afterAll(() => dir.remove());
const target: TunnelTarget = {
  host: '127.0.0.1',
  port: 8787,
  connect: () => {
    throw new Error('not used by cloudflared');
  },
};

function standIn(name: string, script: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, `#!${process.execPath}\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

const BANNER = `2026-11-23T05:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...
2026-11-23T05:00:01Z INF +--------------------------------------------------------------------------------------------+
2026-11-23T05:00:01Z INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |
2026-11-23T05:00:01Z INF |  https://calm-river-stone-example.trycloudflare.com                                        |
2026-11-23T05:00:01Z INF +--------------------------------------------------------------------------------------------+`;

describe('cloudflared quick tunnel', () => {
  it('reads the public URL from the banner, passes the SCIM listener as --url, and stops', async () => {
    const binary = standIn(
      'cloudflared-ok',
      `process.stderr.write(${JSON.stringify(BANNER)} + '\\nargs: ' + process.argv.slice(2).join(' ') + '\\n'); setInterval(() => {}, 1000);`,
    );
    const statuses: TunnelStatus[] = [];
    const tunnel = new CloudflaredTunnel({ binary });
    const url = await tunnel.start(target, (status) => statuses.push(status));
    expect(url).toBe('https://calm-river-stone-example.trycloudflare.com');
    await tunnel.stop();
    await expect.poll(() => statuses.map((status) => status.state)).toEqual(['connecting', 'online', 'stopped']);
  });

  it('reports an early exit with cloudflared’s own last lines, and a silent start with a timeout', async () => {
    const failing = standIn(
      'cloudflared-fail',
      `process.stderr.write('ERR failed to request quick Tunnel: dial tcp: lookup api.trycloudflare.com: no such host\\n'); process.exit(1);`,
    );
    await expect(new CloudflaredTunnel({ binary: failing }).start(target, () => {})).rejects.toThrow(/exited \(code 1\).*\n.*no such host/);
    const silent = standIn('cloudflared-silent', 'setInterval(() => {}, 1000);');
    const tunnel = new CloudflaredTunnel({ binary: silent, startTimeoutMs: 300 });
    await expect(tunnel.start(target, () => {})).rejects.toThrow(/no public URL within 0.3 s/);
    await tunnel.stop();
  });

  it('runs a named tunnel with its token in TUNNEL_TOKEN, never on the command line', async () => {
    const binary = standIn(
      'cloudflared-named',
      `const argv = process.argv.slice(2).join(' '); process.stderr.write('args: ' + argv + '\\ntoken in env: ' + (process.env.TUNNEL_TOKEN === 'named-secret') + '\\nINF Registered tunnel connection connIndex=0\\n'); if (argv.includes('named-secret')) process.exit(3); if (process.env.TUNNEL_TOKEN !== 'named-secret') process.exit(4); setInterval(() => {}, 1000);`,
    );
    const statuses: TunnelStatus[] = [];
    const tunnel = new CloudflaredTunnel({ binary, namedTunnel: { token: 'named-secret', publicUrl: 'https://scim.example.com' } });
    expect(await tunnel.start(target, (status) => statuses.push(status))).toBe('https://scim.example.com');
    await tunnel.stop();
    expect(statuses[1]).toEqual({ state: 'online', provider: 'cloudflared', publicUrl: 'https://scim.example.com' });
  });

  it('says how to get cloudflared when there is none', async () => {
    const saved = process.env.PATH;
    process.env.PATH = dir.path;
    try {
      await expect(new CloudflaredTunnel().start(target, () => {})).rejects.toThrow(/No cloudflared binary on PATH/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('finds a binary on PATH and parses only trycloudflare URLs', () => {
    standIn('cloudflared', '');
    expect(findOnPath('cloudflared', `/nonexistent:${dir.path}`)).toBe(join(dir.path, 'cloudflared'));
    expect(findOnPath('cloudflared', '/nonexistent')).toBeUndefined();
    expect(quickTunnelUrl('see https://example.com and https://a-b.trycloudflare.com now')).toBe('https://a-b.trycloudflare.com');
    expect(quickTunnelUrl('https://example.com')).toBeUndefined();
  });
});
