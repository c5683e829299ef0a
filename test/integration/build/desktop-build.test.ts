import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/cli';

const root = resolve(import.meta.dirname, '../../..');
const electronVite = join(root, 'node_modules/electron-vite/bin/electron-vite.js');

// The build needs no Electron binary, so it is checked everywhere, including CI.
describe('electron-vite build', () => {
  const out = tempDir();
  const read = (path: string) => readFileSync(join(out.path, path), 'utf8');
  // An entry with the chunks it imports, statically or not, transitively: the engine's code is in
  // chunks that the utility process and the CLI (out/main/cli.js) share.
  const withChunks = (path: string, seen = new Set<string>()): string => {
    if (seen.has(path)) return '';
    seen.add(path);
    const text = read(path);
    const chunks = [...text.matchAll(/(?:from |import\()"\.\/([^"]+\.js)"/g)].map((match) => join(dirname(path), match[1]!));
    return [text, ...chunks.map((chunk) => withChunks(chunk, seen))].join('\n');
  };

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [electronVite, 'build', '--outDir', out.path], { cwd: root });
  }, 120_000);
  afterAll(() => out.remove());

  it('bundles the engine into its own utility-process entry, leaving the native better-sqlite3 external', () => {
    const engine = read('main/engine-process.js');
    expect(engine).toContain('startEngine');
    expect(engine).toContain('parentPort');
    expect(withChunks('main/engine-process.js')).toMatch(/from "better-sqlite3"|require\("better-sqlite3"\)/);
  });

  it('keeps the engine out of the main process, which forks it', () => {
    const main = read('main/index.js');
    expect(main).toContain('utilityProcess.fork');
    expect(main).toContain('engine-process.js');
    expect(withChunks('main/index.js')).not.toMatch(/better-sqlite3/);
  });

  it('builds the CLI beside them, an entry of its own sharing the engine', () => {
    const cli = withChunks('main/cli.js');
    expect(cli).toContain('scim-workbench');
    expect(cli).toMatch(/from "better-sqlite3"/);
    expect(cli).not.toMatch(/from "electron"/);
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
