import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingFile } from '../../../../src/engine/logging/rotating-file';
import { tempDir } from '../../../support/cli';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

const line = (n: number) => `${JSON.stringify({ n, text: 'x'.repeat(80) })}\n`;

describe('RotatingFile', () => {
  it('rotates by size, keeps at most `files` files, and loses no line of the ones it keeps', () => {
    dir = tempDir();
    const path = join(dir.path, 'logs', 'workbench.log');
    const file = new RotatingFile(path, { maxBytes: 1000, files: 3 });
    for (let n = 0; n < 100; n++) file.write(line(n));
    file.close();

    expect(readdirSync(join(dir.path, 'logs')).sort()).toEqual(['workbench.log', 'workbench.log.1', 'workbench.log.2']);
    const [current, first, second] = ['workbench.log', 'workbench.log.1', 'workbench.log.2'].map((name) => readFileSync(join(dir.path, 'logs', name), 'utf8'));
    for (const text of [current, first, second]) expect(Buffer.byteLength(text!)).toBeLessThanOrEqual(1000);
    const numbers = [second, first, current]
      .join('')
      .trim()
      .split('\n')
      .map((text) => (JSON.parse(text) as { n: number }).n);
    expect(numbers.at(-1)).toBe(99);
    // The kept lines are the newest ones, in order, with none missing between them.
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => 100 - numbers.length + i));
    expect(numbers.length).toBeGreaterThan(10);
  });

  it('creates every file 0600, leaves the mode of a folder that exists, and appends to the file an earlier run left', () => {
    dir = tempDir();
    const logs = join(dir.path, 'logs');
    mkdirSync(logs, { mode: 0o755 });
    writeFileSync(join(logs, 'workbench.log'), line(-1), { mode: 0o644 });
    const file = new RotatingFile(join(logs, 'workbench.log'), { maxBytes: 500, files: 2 });
    file.write(line(0));
    expect(readFileSync(join(logs, 'workbench.log'), 'utf8')).toBe(line(-1) + line(0));
    for (let n = 1; n < 20; n++) file.write(line(n));
    file.close();
    if (process.platform === 'win32') return;
    expect(statSync(logs).mode & 0o777).toBe(0o755);
    for (const name of readdirSync(logs)) expect(statSync(join(logs, name)).mode & 0o777, name).toBe(0o600);
  });

  it('writes a line longer than maxBytes whole, in a file of its own', () => {
    dir = tempDir();
    const path = join(dir.path, 'workbench.log');
    const file = new RotatingFile(path, { maxBytes: 100, files: 3 });
    file.write('short\n');
    const long = `${'y'.repeat(300)}\n`;
    file.write(long);
    file.write('after\n');
    file.close();
    expect(readFileSync(`${path}.2`, 'utf8')).toBe('short\n');
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(long);
    expect(readFileSync(path, 'utf8')).toBe('after\n');
  });

  it('refuses a nonsensical size or count', () => {
    dir = tempDir();
    expect(() => new RotatingFile(join(dir.path, 'a.log'), { maxBytes: 0, files: 3 })).toThrow(/maxBytes/);
    expect(() => new RotatingFile(join(dir.path, 'a.log'), { maxBytes: 100, files: 0 })).toThrow(/files/);
  });
});
