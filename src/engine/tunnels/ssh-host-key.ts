import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TunnelHostKey } from '../../shared/admin-api';
import { fingerprintOf, hostFieldMatches, keyTypeOf, parseKnownHosts, type KnownHostsEntry } from './ssh-known-hosts';
import { TunnelError } from './tunnel';

/** A host key trusted on first use, kept in the tunnel settings. */
export interface PinnedHostKey {
  keyType: string;
  fingerprint: string;
  pinnedAt: string;
}

/** Where pins live (the tunnel settings in the database; a Map in tests). */
export interface HostKeyPins {
  get(name: string): PinnedHostKey | undefined;
  pin(name: string, key: PinnedHostKey): void;
}

export interface KnownHostsFile {
  path: string;
  /** The default ~/.ssh/known_hosts may be missing; a file the user named may not. */
  optional?: boolean;
}

/** How the SSH tunnel decides whether the server is the one it should be. */
export interface HostKeyPolicy {
  knownHosts: readonly KnownHostsFile[];
  pins: HostKeyPins;
}

/** The host key the tunnel accepted, and why: shown on the connection card and by `serve`. */
export type AcceptedHostKey = TunnelHostKey;

/** The server is not the one known: not worth retrying, the user must decide. */
export class HostKeyError extends TunnelError {}

export const defaultKnownHostsFile = (): KnownHostsFile => ({ path: join(homedir(), '.ssh', 'known_hosts'), optional: true });

/**
 * Checks the key `name` (see knownHostsName) offered, as `ssh` with StrictHostKeyChecking
 * accept-new would: a host in known_hosts must offer a key listed there (a revoked one never
 * passes); a host not there must match its pin; a host seen for the first time is accepted, and
 * pinned by pinFirstUse once the handshake has succeeded.
 * Throws a HostKeyError saying which key was expected, which was offered, and what to do.
 */
export function verifyHostKey(name: string, offered: Buffer, policy: HostKeyPolicy): AcceptedHostKey {
  const keyType = keyTypeOf(offered);
  const fingerprint = fingerprintOf(offered);
  const offeredText = `${keyType} ${fingerprint}`;
  const entries = knownHostsEntries(name, policy.knownHosts);
  const revoked = entries.find((entry) => entry.marker === 'revoked' && entry.key.equals(offered));
  if (revoked) {
    throw new HostKeyError(
      `The SSH server ${name} offered the host key ${offeredText}, which ${revoked.source} marks @revoked: refusing to connect. Ask the server's administrator for its current key.`,
    );
  }
  const listed = entries.filter((entry) => !entry.marker);
  if (listed.length > 0) {
    if (listed.some((entry) => entry.keyType === keyType && entry.key.equals(offered))) return { host: name, keyType, fingerprint, verifiedBy: 'known_hosts' };
    const expected = listed.find((entry) => entry.keyType === keyType) ?? listed[0]!;
    throw new HostKeyError(
      `The SSH server ${name} offered the host key ${offeredText}, but ${expected.source} expects ${expected.keyType} ${fingerprintOf(expected.key)}. ` +
        'Either the server was reinstalled or someone is in between: check the new fingerprint with its administrator, then remove the old entry ' +
        `(ssh-keygen -R '${name}'${fileOption(expected.source)}) and connect once with ssh to add the new one. No tunnel was opened.`,
    );
  }
  const pinned = policy.pins.get(name);
  if (pinned) {
    if (pinned.keyType === keyType && pinned.fingerprint === fingerprint) return { host: name, keyType, fingerprint, verifiedBy: 'pin' };
    throw new HostKeyError(
      `The SSH server ${name} offered the host key ${offeredText}, but the key pinned on first use (${pinned.pinnedAt}) is ${pinned.keyType} ${pinned.fingerprint}. ` +
        'Either the server was reinstalled or someone is in between: check the new fingerprint with its administrator, then forget the pinned key ' +
        '(the tunnel panel\'s "Forget host key", scim-workbench forget-host-key ssh://…, or DELETE /api/tunnel/ssh/host-key) and start again. No tunnel was opened.',
    );
  }
  // Pinned by pinFirstUse once the server has proven it holds this key (the handshake's signature):
  // pinning here, before that check, would let anyone on the path pin a key they only claim.
  return { host: name, keyType, fingerprint, verifiedBy: 'first use' };
}

/** Pins a key accepted on first use, once the connection is up (see verifyHostKey). */
export function pinFirstUse(accepted: AcceptedHostKey, policy: HostKeyPolicy): void {
  if (accepted.verifiedBy !== 'first use') return;
  policy.pins.pin(accepted.host, { keyType: accepted.keyType, fingerprint: accepted.fingerprint, pinnedAt: new Date().toISOString() });
}

/** ssh-keygen's `-f FILE` when the entry is in a known_hosts file other than the default one, which -R edits. */
function fileOption(source: string): string {
  const file = source.replace(/:\d+$/, '');
  return file === defaultKnownHostsFile().path ? '' : ` -f '${file}'`;
}

/**
 * The entries naming this host. @cert-authority lines are skipped: the tunnel does not check host
 * certificates, so a host known only through its CA is treated as not listed (pinned on first use).
 */
function knownHostsEntries(name: string, files: readonly KnownHostsFile[]): KnownHostsEntry[] {
  return files
    .flatMap((file) => parseKnownHosts(readKnownHosts(file), file.path))
    .filter((entry) => entry.marker !== 'cert-authority' && hostFieldMatches(entry.hosts, name));
}

function readKnownHosts(file: KnownHostsFile): string {
  try {
    return readFileSync(file.path, 'utf8');
  } catch (error) {
    if (file.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new HostKeyError(`Cannot read the known_hosts file ${file.path}: ${(error as Error).message}`);
  }
}

/** The ssh2 host key algorithms, those of keys already known for this host first, so the server offers the key we can check. */
export function hostKeyAlgorithmsFor(name: string, policy: HostKeyPolicy): string[] | undefined {
  const DEFAULT = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  let types: string[];
  try {
    types = knownHostsEntries(name, policy.knownHosts)
      .filter((entry) => !entry.marker)
      .map((entry) => entry.keyType);
  } catch {
    return undefined; // said by verifyHostKey, during the handshake
  }
  const pinned = policy.pins.get(name);
  if (types.length === 0 && pinned) types = [pinned.keyType];
  const preferred = types
    .flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]))
    .filter((algorithm) => DEFAULT.includes(algorithm));
  if (preferred.length === 0) return undefined;
  return [...new Set([...preferred, ...DEFAULT])];
}
