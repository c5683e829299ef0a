import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asCurl } from '../../../src/renderer/src/copy-as-curl';
import { asFetch } from '../../../src/renderer/src/copy-as-fetch';
import type { RecordedExchange } from '../../../src/shared/recording';

/**
 * "Copy as cURL" is pasted into a shell. The command is run here by bash and by sh with `curl`
 * defined as a function that prints its arguments: every hostile part must arrive as one
 * argument, unchanged, and nothing in it may run.
 */
const dir = mkdtempSync(join(tmpdir(), 'copy-as-curl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const marker = join(dir, 'pwned');

// No stdin: bash reads ~/.bashrc when its stdin is a socket, as Node's pipes are (it takes that for
// sshd), and whatever the machine's .bashrc does (seconds of pyenv here, a `curl` alias elsewhere) is
// not part of the command.
const NO_STDIN = ['ignore', 'pipe', 'pipe'] as const;

function argumentsOf(command: string, shell: 'bash' | 'sh', env: Record<string, string> = { SCIM_TOKEN: 'the-token' }): string[] {
  const output = execFileSync(shell, ['-c', `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${command}`], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    stdio: [...NO_STDIN],
  });
  // The options every command starts with (see asCurl).
  const args = output.split('\0').slice(0, -1);
  expect(args.slice(0, 2)).toEqual(['--globoff', '--path-as-is']);
  return args.slice(2);
}

const request = (overrides: Partial<RecordedExchange['request']>): Pick<RecordedExchange, 'request'> => ({
  request: { method: 'GET', url: '/scim/v2/Users', headers: [['host', '127.0.0.1:8787']], body: null, ...overrides },
});

const HOSTILE = [`it's "quoted"`, `$(touch ${marker})`, `\`touch ${marker}\``, `a\nb; touch ${marker}`, `'; touch ${marker}; echo '`, `\\'$HOME\\`];

describe('asCurl', () => {
  it.each(['bash', 'sh'] as const)('passes hostile methods, paths, headers and bodies to curl as text under %s', (shell) => {
    for (const text of HOSTILE) {
      const exchange = request({
        method: text,
        url: `/scim/v2/Users?filter=${text}`,
        headers: [
          ['host', '127.0.0.1:8787'],
          ['x-note', text.replace(/\n/g, ' ')],
        ],
        body: text,
      });
      expect(argumentsOf(asCurl(exchange), shell)).toEqual([
        '-X',
        text,
        `http://127.0.0.1:8787/scim/v2/Users?filter=${text}`,
        '-H',
        `x-note: ${text.replace(/\n/g, ' ')}`,
        '--data-raw',
        text,
      ]);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('sends the body with --data-raw, so "@file" is text and not a file to upload', () => {
    expect(argumentsOf(asCurl(request({ method: 'POST', body: '@/etc/passwd' })), 'bash')).toEqual([
      '-X',
      'POST',
      'http://127.0.0.1:8787/scim/v2/Users',
      '--data-raw',
      '@/etc/passwd',
    ]);
  });

  it('leaves out headers curl would misread or that would break a line, and a Host that would move the URL elsewhere', () => {
    const exchange = request({
      headers: [
        ['host', 'evil.example.com/x?'],
        ['@/etc/passwd', 'x'],
        ['x-split', 'a\r\nx-injected: 1'],
        ['content-length', '3'],
        ['authorization', 'Bearer [redacted]'],
      ],
    });
    expect(argumentsOf(asCurl(exchange), 'bash')).toEqual(['-X', 'GET', 'http://127.0.0.1/scim/v2/Users', '-H', 'Authorization: Bearer the-token']);
    expect(argumentsOf(asCurl(request({ headers: [['host', '[::1]:8787']] })), 'bash')).toEqual(['-X', 'GET', 'http://[::1]:8787/scim/v2/Users']);
  });

  it('reads the token from $SCIM_TOKEN without ever re-reading its value as shell, and stops with a message when it is unset', () => {
    const exchange = request({ headers: [['authorization', 'Bearer [redacted]']] });
    const hostileToken = `$(touch ${marker})'\`x`;
    expect(argumentsOf(asCurl(exchange), 'sh', { SCIM_TOKEN: hostileToken })).toEqual([
      '-X',
      'GET',
      'http://127.0.0.1/scim/v2/Users',
      '-H',
      `Authorization: Bearer ${hostileToken}`,
    ]);
    expect(existsSync(marker)).toBe(false);
    const unset = spawnSync('bash', ['-c', `curl() { echo ran; }\n${asCurl(exchange)}`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
      stdio: [...NO_STDIN],
    });
    expect(unset.status).not.toBe(0);
    expect(unset.stdout).not.toContain('ran');
    expect(unset.stderr).toContain('set SCIM_TOKEN to the workspace token');
  });

  it('puts the token in clear, quoted, only when asked; Basic and custom auth headers get it in their place', () => {
    const bearer = request({ headers: [['authorization', 'Bearer [redacted]']] });
    expect(argumentsOf(asCurl(bearer, { token: `it's $(x)` }), 'bash', {})).toContain(`Authorization: Bearer it's $(x)`);
    const basic = request({ headers: [['authorization', 'Basic [redacted]']] });
    expect(argumentsOf(asCurl(basic, { basicUsername: 'scim' }), 'bash')).toEqual(['-X', 'GET', 'http://127.0.0.1/scim/v2/Users', '--user', 'scim:the-token']);
    const custom = request({
      headers: [
        ['x-api-key', '[redacted]'],
        ['cookie', '[redacted]'],
      ],
    });
    expect(argumentsOf(asCurl(custom), 'bash')).toEqual(['-X', 'GET', 'http://127.0.0.1/scim/v2/Users', '-H', 'x-api-key: the-token']);
  });

  it('sends to the origin it is given instead of the recorded Host', () => {
    const exchange = request({ headers: [['host', 'abc.ngrok.app']] });
    expect(argumentsOf(asCurl(exchange, { origin: 'http://127.0.0.1:8787' }), 'bash')[2]).toBe('http://127.0.0.1:8787/scim/v2/Users');
  });
});

describe('asFetch', () => {
  /** Runs the snippet with `fetch` replaced by one that prints what it was given. */
  function fetchCallOf(code: string, env: Record<string, string> = { SCIM_TOKEN: 'the-token' }) {
    const script = `globalThis.fetch = async (url, init) => { process.stdout.write(JSON.stringify({ url, init }) + "\\n"); return { status: 0, text: async () => '' }; };\n${code}`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
    return { ...result, call: result.stdout ? (JSON.parse(result.stdout.split('\n')[0]!) as { url: string; init: RequestInit }) : undefined };
  }

  it('passes hostile methods, paths, headers and bodies to fetch as text', () => {
    for (const text of [...HOSTILE, '"); require("fs").writeFileSync("' + marker + '", ""); ("', '\u2028`${process.exit(3)}`']) {
      const exchange = request({
        method: text,
        url: `/scim/v2/Users?filter=${text}`,
        headers: [['x-note', text.replace(/[\n\u2028]/g, ' ')]],
        body: text,
      });
      const { call, status } = fetchCallOf(asFetch(exchange));
      expect(status).toBe(0);
      expect(call).toEqual({
        url: `http://127.0.0.1/scim/v2/Users?filter=${text}`,
        init: { method: text, headers: { 'x-note': text.replace(/[\n\u2028]/g, ' ') }, body: text },
      });
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('reads the token from SCIM_TOKEN, says to set it when unset, and puts it in clear only when asked', () => {
    const exchange = request({ headers: [['authorization', 'Bearer [redacted]']] });
    expect(fetchCallOf(asFetch(exchange)).call?.init.headers).toEqual({ Authorization: 'Bearer the-token' });
    const unset = fetchCallOf(asFetch(exchange), {});
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toContain('Set SCIM_TOKEN to the workspace token');
    expect(fetchCallOf(asFetch(exchange, { token: 'clear"token' }), {}).call?.init.headers).toEqual({ Authorization: 'Bearer clear"token' });
    const basic = request({ headers: [['authorization', 'Basic [redacted]']] });
    expect(fetchCallOf(asFetch(basic, { basicUsername: 'scim' })).call?.init.headers).toEqual({
      Authorization: `Basic ${Buffer.from('scim:the-token').toString('base64')}`,
    });
  });
});
