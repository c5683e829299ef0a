import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { onPortFreeAMomentAgo } from './ports';
import { skipWhenMissing } from './required-suites';

/** Debian's OpenSSH server (apt-get install openssh-server), started by the tests on a loopback port. */
export const SSHD = '/usr/sbin/sshd';
export const sshdMissing = skipWhenMissing(!existsSync(SSHD), `OpenSSH's server (${SSHD})`);

export interface TestSshd {
  port: number;
  username: string;
  /** A key the server accepts, and one it does not. */
  keyPath: string;
  wrongKeyPath: string;
  /** Kills sshd and every connection it serves, as a crash or reboot of the server would. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same keys. */
  restart(): Promise<void>;
  /** The server's host public key, as a `.pub` line (`ssh-ed25519 AAAA… comment`). */
  hostPublicKey(): string;
  /** The server's ECDSA host public key (with `ecdsaHostKey`). */
  ecdsaHostPublicKey(): string;
  /** A public key that is not the server's (that of wrongKeyPath). */
  wrongKeyPublic(): string;
  /** Starts it again on the same port with a new host key: a reinstalled server, or someone in between. */
  restartWithNewHostKey(): Promise<void>;
  stop(): Promise<void>;
}

/** Every process below this one, from /proc (Linux). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 2nd field after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** `ecdsaHostKey`: the server also has an ECDSA host key (host_key_ecdsa), as most servers have several. */
export async function startSshd(options: { ecdsaHostKey?: boolean } = {}): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-workbench-sshd-'));
  const keygen = (file: string, type = 'ed25519') => execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', join(dir, file)]);
  keygen('host_key');
  if (options.ecdsaHostKey) keygen('host_key_ecdsa', 'ecdsa');
  keygen('client_key');
  keygen('wrong_key');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  // sshd refuses to start without its privilege-separation directory.
  mkdirSync('/run/sshd', { recursive: true });
  const username = userInfo().username;
  let port = 0;
  const writeConfig = () =>
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        ...(options.ecdsaHostKey ? [`HostKey ${join(dir, 'host_key_ecdsa')}`] : []),
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin yes',
        'AllowTcpForwarding yes',
        'GatewayPorts no',
        `AllowUsers ${username}`,
      ].join('\n'),
    );
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sshd did not start:\n${log}`)), 10_000);
      child.stderr!.on('data', (chunk) => {
        log += chunk;
        if (log.includes('Server listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited with ${code}:\n${log}`));
      });
    });
    return child;
  };
  // sshd binds its port itself (given by number in its config): a start that finds it taken tries another.
  const launchOnFreePort = (): Promise<ChildProcess> =>
    onPortFreeAMomentAgo(
      (free) => {
        port = free;
        writeConfig();
        return launch();
      },
      (error) => /Address already in use|Bind to port/.test((error as Error).message),
    );
  let child: ChildProcess | undefined = await launchOnFreePort();
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    // Per-connection children start their own sessions (setsid), so a process-group kill misses
    // them: find them through /proc by parent pid.
    for (const pid of [...descendants(running.pid!), running.pid!]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await exited;
  };
  return {
    port,
    username,
    keyPath: join(dir, 'client_key'),
    wrongKeyPath: join(dir, 'wrong_key'),
    kill,
    restart: async () => {
      await kill();
      child = await launch();
    },
    hostPublicKey: () => readFileSync(join(dir, 'host_key.pub'), 'utf8').trim(),
    ecdsaHostPublicKey: () => readFileSync(join(dir, 'host_key_ecdsa.pub'), 'utf8').trim(),
    wrongKeyPublic: () => readFileSync(join(dir, 'wrong_key.pub'), 'utf8').trim(),
    restartWithNewHostKey: async () => {
      await kill();
      rmSync(join(dir, 'host_key'));
      rmSync(join(dir, 'host_key.pub'));
      keygen('host_key');
      child = await launch();
    },
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
