import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OpenSSH's known_hosts format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), read the way `ssh` reads
 * it: hand-written because no maintained package parses it (sshpk reads keys, not this file).
 */

/** The name a host is filed under: `host` on port 22, `[host]:port` elsewhere (lower-cased, as ssh does). */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

/** `SHA256:…` as `ssh-keygen -l` and `ssh` print it: the key blob's SHA-256, base64 without padding. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type a public key blob (SSH wire format) starts with, e.g. `ssh-ed25519`. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  return length > 0 && 4 + length <= keyBlob.length ? keyBlob.subarray(4, 4 + length).toString('latin1') : 'unknown';
}

export interface KnownHostsEntry {
  marker?: 'revoked' | 'cert-authority';
  /** The host field as written: patterns separated by commas, or one hashed `|1|salt|hash`. */
  hosts: string;
  keyType: string;
  key: Buffer;
  /** Where it was read, for messages: `file:line`. */
  source: string;
}

/** Every well-formed line; comments, blank and malformed lines are skipped, as ssh skips them. */
export function parseKnownHosts(text: string, file: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostsEntry['marker'];
    if (fields[0]!.startsWith('@')) {
      const name = fields.shift()!.slice(1).toLowerCase();
      if (name !== 'revoked' && name !== 'cert-authority') return;
      marker = name;
    }
    const [hosts, keyType, base64] = fields;
    if (!hosts || !keyType || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return;
    entries.push({ ...(marker && { marker }), hosts, keyType, key: Buffer.from(base64, 'base64'), source: `${file}:${index + 1}` });
  });
  return entries;
}

/** Whether an entry's host field names this host (`knownHostsName`): hashed, plain, wildcard or negated patterns. */
export function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) return hashedMatches(hosts, name);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false; // a negated match excludes the host whatever else matches
    matched = true;
  }
  return matched;
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, what `HashKnownHosts yes` and `ssh-keygen -H` write. */
function hashedMatches(hosts: string, name: string): boolean {
  const [, , salt, hash] = hosts.split('|');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** ssh's patterns: `*` any run, `?` one character, case-insensitive. */
function globMatches(pattern: string, name: string): boolean {
  const regex = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(name);
}
