import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPrivateWriteStream,
  ensurePrivateDir,
  ensurePrivateFile,
  tightenFile,
  writePrivateFile,
  writePrivateFileSync,
} from '../../../../src/engine/files/private-files';
import { tempDir } from '../../../support/cli';

/** The helpers every writer of the workbench uses, on real files under the usual umask of 022. */
const dir = tempDir();
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
let previousUmask = 0;
beforeAll(() => {
  previousUmask = process.umask(0o022);
});
afterAll(() => {
  process.umask(previousUmask);
  dir.remove();
});

describe.skipIf(process.platform === 'win32')('private files', () => {
  it('writes a new file 0600, and an existing 0644 one 0600 with the new content', async () => {
    const fresh = join(dir.path, 'fresh.json');
    writePrivateFileSync(fresh, 'one');
    expect([modeOf(fresh), readFileSync(fresh, 'utf8')]).toEqual(['600', 'one']);

    const old = join(dir.path, 'old.json');
    writeFileSync(old, 'a much longer old content', { mode: 0o644 });
    expect(modeOf(old)).toBe('644');
    writePrivateFileSync(old, 'two');
    expect([modeOf(old), readFileSync(old, 'utf8')]).toEqual(['600', 'two']);

    const asyncOld = join(dir.path, 'async.json');
    writeFileSync(asyncOld, 'old', { mode: 0o644 });
    await writePrivateFile(asyncOld, 'three');
    expect([modeOf(asyncOld), readFileSync(asyncOld, 'utf8')]).toEqual(['600', 'three']);
    const asyncNew = join(dir.path, 'async-new.json');
    await writePrivateFile(asyncNew, Buffer.from('four'));
    expect([modeOf(asyncNew), readFileSync(asyncNew, 'utf8')]).toEqual(['600', 'four']);
  });

  it('streams to a new file 0600, and appends to an existing 0644 one after making it 0600', async () => {
    const log = join(dir.path, 'stream.log');
    writeFileSync(log, 'first\n', { mode: 0o644 });
    const stream = createPrivateWriteStream(log, 'a');
    expect(modeOf(log)).toBe('600');
    stream.end('second\n');
    await finished(stream);
    expect(readFileSync(log, 'utf8')).toBe('first\nsecond\n');

    const fresh = join(dir.path, 'fresh-stream.json');
    const out = createPrivateWriteStream(fresh);
    out.end('{}');
    await finished(out);
    expect([modeOf(fresh), readFileSync(fresh, 'utf8')]).toEqual(['600', '{}']);
  });

  it('leaves the mode of something that is not a regular file alone (--out /dev/null)', () => {
    const before = modeOf('/dev/null');
    writePrivateFileSync('/dev/null', 'discarded');
    expect(modeOf('/dev/null')).toBe(before);
  });

  it('creates a private file empty once and keeps its content on the next call', () => {
    const db = join(dir.path, 'empty.db');
    ensurePrivateFile(db);
    expect([modeOf(db), statSync(db).size]).toEqual(['600', 0]);
    writeFileSync(db, 'data');
    ensurePrivateFile(db);
    expect(readFileSync(db, 'utf8')).toBe('data');
    expect(() => tightenFile(join(dir.path, 'missing'))).not.toThrow();
  });

  it('creates a private directory with its missing parents 0700 and tightens an existing 0755 one', () => {
    const nested = join(dir.path, 'a', 'b');
    ensurePrivateDir(nested);
    expect([modeOf(join(dir.path, 'a')), modeOf(nested)]).toEqual(['700', '700']);
    const loose = join(dir.path, 'loose');
    mkdirSync(loose, { mode: 0o755 });
    expect(modeOf(loose)).toBe('755');
    ensurePrivateDir(loose);
    expect(modeOf(loose)).toBe('700');
  });
});
