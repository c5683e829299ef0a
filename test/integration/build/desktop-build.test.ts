import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/cli';

const root = resolve(import.meta.dirname, '../../..');
const electronVite = join(root, 'node_modules/electron-vite/bin/electron-vite.js');

// The build needs no Electron binary, so it is checked everywhere, including CI.
describe('electron-vite build', () => {
  const out = tempDir();
  const read = (path: string) => readFileSync(join(out.path, path), 'utf8');

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [electronVite, 'build', '--outDir', out.path], { cwd: root });
  }, 120_000);
  afterAll(() => out.remove());

  it('bundles the main process with the engine, leaving the native better-sqlite3 external', () => {
    const main = read('main/index.js');
    expect(main).toContain('startEngine');
    expect(main).toMatch(/from "better-sqlite3"|require\("better-sqlite3"\)/);
  });

  it('emits the preload as CommonJS, as a sandboxed renderer requires', () => {
    const preload = read('preload/index.cjs');
    expect(preload).toContain('require("electron")');
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).toContain('contextBridge');
  });

  it('emits the renderer page with a Content-Security-Policy', () => {
    expect(read('renderer/index.html')).toContain('Content-Security-Policy');
  });
});
