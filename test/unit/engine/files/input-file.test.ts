import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputFileError, readInputTextFile, readInputTextFileAsync, stripByteOrderMark } from '../../../../src/engine/files/input-file';
import { tempDir } from '../../../support/cli';

/** Reading a file a user names: regular files only (a FIFO would block), a UTF-8 BOM dropped. */
const dir = tempDir();
afterAll(() => dir.remove());

describe('input files', () => {
  it('reads UTF-8 with and without a byte order mark alike, and keeps a BOM-like character further in', async () => {
    const withBom = join(dir.path, 'bom.json');
    writeFileSync(withBom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"é\uFEFF"}')]));
    expect(readInputTextFile(withBom)).toBe('{"a":"é\uFEFF"}');
    expect(await readInputTextFileAsync(withBom)).toBe('{"a":"é\uFEFF"}');
    const plain = join(dir.path, 'plain.json');
    writeFileSync(plain, '{}');
    expect(readInputTextFile(plain)).toBe('{}');
    expect(stripByteOrderMark('')).toBe('');
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO without waiting for a writer, and a device and a directory', async () => {
    const fifo = join(dir.path, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(() => readInputTextFile(fifo)).toThrow(`${fifo} is not a regular file (it is a FIFO)`);
    await expect(readInputTextFileAsync(fifo)).rejects.toThrow(`${fifo} is not a regular file (it is a FIFO)`);
    expect(() => readInputTextFile('/dev/zero')).toThrow('is not a regular file (it is a character device)');
    const folder = join(dir.path, 'folder');
    mkdirSync(folder);
    expect(() => readInputTextFile(folder)).toThrow('(it is a directory)');
    await expect(readInputTextFileAsync(folder)).rejects.toThrow('(it is a directory)');
  });

  it('names a missing file with a reason a caller can reuse', () => {
    const missing = join(dir.path, 'nope.json');
    let caught: unknown;
    try {
      readInputTextFile(missing);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputFileError);
    expect(caught).toMatchObject({ path: missing, reason: 'no such file', message: `Cannot read ${missing}: no such file.` });
  });
});
