import { lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { writeChunksToFile } from '../../../../src/engine/recorder/write-export-file';
import { tempDir } from '../../../support/cli';

/** An export written to a file the user named: whole or not at all, never a truncated document or a lost link. */
let dir: ReturnType<typeof tempDir>;
afterEach(() => dir.remove());

async function* failingAfter(text: string): AsyncGenerator<string> {
  yield text;
  throw new Error('the export stopped half-way');
}

async function* chunks(...texts: string[]): AsyncGenerator<string> {
  yield* texts;
}

it('leaves the file that was there, and no partial file, when the export fails half-way', async () => {
  dir = tempDir();
  const path = join(dir.path, 'session.json');
  writeFileSync(path, 'the previous export');
  await expect(writeChunksToFile(path, failingAfter('{"exchanges":['))).rejects.toThrow(/Cannot write .*session\.json: the export stopped half-way/);
  expect(readFileSync(path, 'utf8')).toBe('the previous export');
  expect(readdirSync(dir.path)).toEqual(['session.json']);
});

it('writes through a symbolic link, which stays a link to the new 0600 file', async () => {
  dir = tempDir();
  const real = join(dir.path, 'real.json');
  const link = join(dir.path, 'latest.json');
  writeFileSync(real, 'old', { mode: 0o644 });
  symlinkSync(real, link);
  await writeChunksToFile(link, chunks('{"a":', '1}'));
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
  expect(readFileSync(real, 'utf8')).toBe('{"a":1}');
  if (process.platform !== 'win32') expect(statSync(real).mode & 0o777).toBe(0o600);
});

it('never removes what it was given when the export fails: a link stays, and so does its file', async () => {
  dir = tempDir();
  const real = join(dir.path, 'real.json');
  const link = join(dir.path, 'latest.json');
  writeFileSync(real, 'kept');
  symlinkSync(real, link);
  await expect(writeChunksToFile(link, failingAfter('x'))).rejects.toThrow(/Cannot write/);
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
  expect(readFileSync(real, 'utf8')).toBe('kept');
});
