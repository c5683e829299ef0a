import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, hostFieldMatches, keyTypeOf, knownHostsName, parseKnownHosts } from '../../../../src/engine/tunnels/ssh-known-hosts';

/** An ssh-ed25519 public key blob (SSH wire format), as a server sends it. */
function ed25519Blob(): Buffer {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const string = (value: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, value.length]), value]);
  return Buffer.concat([string(Buffer.from('ssh-ed25519')), string(raw)]);
}
const hashed = (name: string, salt = randomBytes(20)) => `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;

describe('known_hosts', () => {
  it('files a host by name on port 22 and as [host]:port elsewhere', () => {
    expect(knownHostsName('Bastion.Example.com', 22)).toBe('bastion.example.com');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('reads the key type from the blob and prints the fingerprint as ssh-keygen does (no padding)', () => {
    const blob = ed25519Blob();
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
    expect(fingerprintOf(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyTypeOf(Buffer.from([0, 0, 0, 99, 1]))).toBe('unknown');
    expect(keyTypeOf(Buffer.alloc(2))).toBe('unknown');
  });

  it('matches plain, bracketed, wildcard, negated and hashed host fields', () => {
    expect(hostFieldMatches('bastion.example.com,10.0.0.1', 'bastion.example.com')).toBe(true);
    expect(hostFieldMatches('BASTION.example.com', 'bastion.example.com')).toBe(true);
    expect(hostFieldMatches('[127.0.0.1]:2222', '[127.0.0.1]:2222')).toBe(true);
    expect(hostFieldMatches('[127.0.0.1]:2222', '[127.0.0.1]:2223')).toBe(false);
    expect(hostFieldMatches('127.0.0.1', '[127.0.0.1]:2222')).toBe(false);
    expect(hostFieldMatches('*.example.com', 'bastion.example.com')).toBe(true);
    expect(hostFieldMatches('*.example.com', 'example.org')).toBe(false);
    expect(hostFieldMatches('bastion?.example.com', 'bastion1.example.com')).toBe(true);
    expect(hostFieldMatches('*.example.com,!evil.example.com', 'evil.example.com')).toBe(false);
    expect(hostFieldMatches(hashed('[127.0.0.1]:2222'), '[127.0.0.1]:2222')).toBe(true);
    expect(hostFieldMatches(hashed('[127.0.0.1]:2222'), '[127.0.0.1]:2223')).toBe(false);
    expect(hostFieldMatches('|1|bad', 'x')).toBe(false);
    // A dot in a name is a dot, not "any character".
    expect(hostFieldMatches('10.0.0.1', '10x0x0x1')).toBe(false);
  });

  it('parses markers and skips comments, blank, unknown-marker and malformed lines', () => {
    const key = ed25519Blob().toString('base64');
    const entries = parseKnownHosts(
      [
        '# comment',
        '',
        `host-a ssh-ed25519 ${key} comment here`,
        `@revoked host-b ssh-ed25519 ${key}`,
        `@cert-authority *.example.com ssh-ed25519 ${key}`,
        `@unknown host-c ssh-ed25519 ${key}`,
        'host-d ssh-ed25519',
        'host-e ssh-ed25519 not*base64',
      ].join('\n'),
      '/tmp/known_hosts',
    );
    expect(entries.map((entry) => [entry.hosts, entry.marker, entry.source])).toEqual([
      ['host-a', undefined, '/tmp/known_hosts:3'],
      ['host-b', 'revoked', '/tmp/known_hosts:4'],
      ['*.example.com', 'cert-authority', '/tmp/known_hosts:5'],
    ]);
    expect(entries[0]!.key.toString('base64')).toBe(key);
  });
});
