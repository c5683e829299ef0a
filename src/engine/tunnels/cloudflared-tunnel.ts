import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { TunnelError, type TunnelProvider, type TunnelStatus, type TunnelTarget } from './tunnel';

export interface CloudflaredOptions {
  /** The binary; by default `cloudflared` found on PATH. */
  binary?: string;
  /** A named tunnel's token and the hostname routed to it; without them, a quick tunnel (*.trycloudflare.com). */
  namedTunnel?: { token: string; publicUrl: string };
  startTimeoutMs?: number;
}

/** The public URL in a quick tunnel's banner: "Your quick Tunnel has been created! … https://x.trycloudflare.com". */
export function quickTunnelUrl(output: string): string | undefined {
  return /https:\/\/[-a-z0-9]+(?:\.[-a-z0-9]+)*\.trycloudflare\.com/i.exec(output)?.[0];
}

/** Looks for an executable on PATH, as a shell would. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Cloudflare Tunnel by running the `cloudflared` binary against the SCIM listener (only it): a quick
 * tunnel prints its public URL, which is read from the output; a named tunnel has a fixed hostname.
 * Cloudflare adds CF-Connecting-IP, so its requests are recorded as tunnel traffic.
 */
export class CloudflaredTunnel implements TunnelProvider {
  readonly name = 'cloudflared';
  private child: ChildProcess | undefined;
  private stopped = false;

  constructor(private readonly options: CloudflaredOptions = {}) {}

  start(target: TunnelTarget, onStatus: (status: TunnelStatus) => void): Promise<string> {
    this.stopped = false;
    const binary = this.options.binary ?? findOnPath('cloudflared');
    if (!binary) {
      return Promise.reject(
        new TunnelError(
          'No cloudflared binary on PATH: install cloudflared (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/) or name it with --cloudflared PATH.',
        ),
      );
    }
    onStatus({ state: 'connecting', provider: this.name });
    const local = `http://${target.host}:${target.port}`;
    // A named tunnel's token goes in TUNNEL_TOKEN (which `cloudflared tunnel run` reads), never in
    // argv, where any local user could read it with ps.
    const args = this.options.namedTunnel ? ['tunnel', '--no-autoupdate', 'run', '--url', local] : ['tunnel', '--no-autoupdate', '--url', local];
    const env = this.options.namedTunnel ? { ...process.env, TUNNEL_TOKEN: this.options.namedTunnel.token } : process.env;
    return new Promise<string>((resolve, reject) => {
      let output = '';
      let online = false;
      const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
      this.child = child;
      const timeoutMs = this.options.startTimeoutMs ?? 30_000;
      const timer = setTimeout(() => {
        child.kill();
        reject(
          new TunnelError(
            `cloudflared gave no public URL within ${timeoutMs / 1000} s (no network, or Cloudflare unreachable). Its last output:\n${tail(output)}`,
          ),
        );
      }, timeoutMs);
      const onOutput = (chunk: Buffer) => {
        output += chunk.toString();
        if (online) return;
        const url = this.options.namedTunnel
          ? /Registered tunnel connection/i.test(output)
            ? this.options.namedTunnel.publicUrl
            : undefined
          : quickTunnelUrl(output);
        if (url) {
          online = true;
          clearTimeout(timer);
          onStatus({ state: 'online', provider: this.name, publicUrl: url });
          resolve(url);
        }
      };
      child.stdout!.on('data', onOutput);
      child.stderr!.on('data', onOutput);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new TunnelError(`Cannot run ${binary}: ${error.message}`));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (this.stopped) return onStatus({ state: 'stopped', provider: this.name });
        if (!online) return reject(new TunnelError(`cloudflared exited (code ${code}) before the tunnel was up. Its last output:\n${tail(output)}`));
        onStatus({ state: 'failed', provider: this.name, message: `cloudflared exited (code ${code}); restart the tunnel. Last output:\n${tail(output)}` });
      });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.child?.kill();
  }
}

const tail = (text: string) => text.trim().split('\n').slice(-5).join('\n');
