import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asCurl } from '../../../src/renderer/src/copy-as-curl';
import type { RecordedExchange } from '../../../src/shared/recording';

/**
 * "Copy as cURL" is pasted into a shell. The command is run here by bash and by sh with `curl`
 * defined as a function that prints its arguments: every hostile part must arrive as one
 * argument, unchanged, and nothing in it may run.
 */
const dir = mkdtempSync(join(tmpdir(), 'copy-as-curl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const marker = join(dir, 'pwned');

function argumentsOf(command: string, shell: 'bash' | 'sh'): string[] {
  const output = execFileSync(shell, ['-c', `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${command}`], { cwd: dir, encoding: 'utf8' });
  return output.split('\0').slice(0, -1);
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
    expect(argumentsOf(asCurl(exchange), 'bash')).toEqual(['-X', 'GET', 'http://127.0.0.1/scim/v2/Users', '-H', 'authorization: Bearer [redacted]']);
    expect(argumentsOf(asCurl(request({ headers: [['host', '[::1]:8787']] })), 'bash')).toEqual(['-X', 'GET', 'http://[::1]:8787/scim/v2/Users']);
  });
});
