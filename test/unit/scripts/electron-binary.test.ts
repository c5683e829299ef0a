import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { installedElectronBinary } from '../../../scripts/electron-binary.mjs';

/** Finding the Electron binary without requiring `electron` (which would start a download). */
const dir = mkdtempSync(join(tmpdir(), 'electron-binary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = resolve(import.meta.dirname, '../../..');

describe('the installed Electron binary', () => {
  it('is the path named in path.txt under dist, when that file exists', () => {
    const electron = join(dir, 'installed');
    mkdirSync(join(electron, 'dist'), { recursive: true });
    writeFileSync(join(electron, 'path.txt'), 'electron');
    writeFileSync(join(electron, 'dist', 'electron'), '');
    expect(installedElectronBinary(electron)).toBe(join(electron, 'dist', 'electron'));
  });

  it('is missing without path.txt, or when the file it names is not there', () => {
    const electron = join(dir, 'skipped');
    mkdirSync(electron, { recursive: true });
    expect(installedElectronBinary(electron)).toBeUndefined();
    writeFileSync(join(electron, 'path.txt'), 'electron');
    expect(installedElectronBinary(electron)).toBeUndefined();
  });
});

const binaryHere = installedElectronBinary(join(root, 'node_modules', 'electron'));
describe.skipIf(binaryHere !== undefined)(`npm start without the binary${binaryHere ? ' (skipped: this machine has one)' : ''}`, () => {
  it('says how to get the binary or run headless, and exits 1', async () => {
    const failure = await promisify(execFile)(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, timeout: 20_000 }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('The Electron binary is not installed');
    expect(failure?.stderr).toContain('node node_modules/electron/install.js');
    expect(failure?.stderr).toContain('npm run serve');
  });
});
