import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUNDLE } from '../../../scripts/cli-build-state.mjs';
import { CLI, tempDir } from '../../support/cli';

const root = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/**
 * The CLI as users run it is electron-vite's build (out/main/cli.js, made by the test run's
 * globalSetup when the sources are newer), not the TypeScript sources through tsx.
 */
describe('the built CLI', () => {
  // A copy of the build beside a node_modules holding every installed package but tsx and esbuild:
  // what an install without devDependencies offers the CLI.
  const install = tempDir();
  const copy = join(install.path, 'out', 'main', 'cli.js');

  beforeAll(() => {
    cpSync(join(root, 'out', 'main'), join(install.path, 'out', 'main'), { recursive: true });
    cpSync(join(root, 'package.json'), join(install.path, 'package.json'));
    mkdirSync(join(install.path, 'node_modules'));
    for (const name of readdirSync(join(root, 'node_modules'))) {
      if (['tsx', 'esbuild', '@esbuild', '.bin'].includes(name)) continue;
      symlinkSync(join(root, 'node_modules', name), join(install.path, 'node_modules', name));
    }
  });
  afterAll(() => install.remove());

  it('runs with tsx not resolvable: --version reads package.json from beside the build', async () => {
    expect(() => createRequire(copy).resolve('tsx')).toThrow();
    const { stdout, stderr } = await run(process.execPath, [copy, '--version']);
    expect(stdout.trim()).toBe(packageJson.version);
    expect(stderr).toBe('');
  });

  it('runs a command that opens a database (the native better-sqlite3 stays external) without tsx', async () => {
    const { stdout } = await run(process.execPath, [copy, 'workspace', 'list', '--db', join(install.path, 'workbench.db')]);
    expect(stdout).toContain('default');
  });

  it('imports no tsx or esbuild in any file of the build', () => {
    for (const file of readdirSync(join(root, 'out', 'main'))) {
      expect(readFileSync(join(root, 'out', 'main', file), 'utf8'), file).not.toMatch(/from "(tsx|esbuild)[/"]|require\("(tsx|esbuild)[/"]/);
    }
  });

  it('loads newman, faker and fastify only for the commands that use them: --version and workspace list load none', async () => {
    // A CommonJS package imported from ESM still enters require.cache; a preloaded script lists
    // the heavy ones at exit. newman alone costs about half a second of every start.
    const preload = join(install.path, 'list-heavy-modules.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => {
        const names = Object.keys(require.cache).map((file) => /node_modules\\/(newman|@faker-js\\/faker|fastify)\\//.exec(file)?.[1]).filter(Boolean);
        process.stderr.write('heavy:' + JSON.stringify([...new Set(names)].sort()));
      });`,
    );
    const version = await run(process.execPath, ['-r', preload, copy, '--version']);
    expect(version.stderr).toBe('heavy:[]');
    const server = await run(process.execPath, ['-r', preload, copy, 'workspace', 'list', '--db', join(install.path, 'heavy.db')]);
    expect(server.stdout).toContain('default');
    expect(server.stderr).toBe('heavy:[]');
  });

  it('is what bin/scim-workbench.mjs runs once built: no note about running the sources', async () => {
    const { stdout, stderr } = await run(process.execPath, [CLI, '--version']);
    expect(stdout.trim()).toBe(packageJson.version);
    expect(stderr).toBe('');
    expect(CLI_BUNDLE).toBe(join(root, 'out', 'main', 'cli.js'));
  });
});

describe('what the installers carry', () => {
  // electron-builder packs the production dependencies and the files listed in electron-builder.yml.
  it('holds no TypeScript compiler and no library the renderer bundle already contains', () => {
    expect(Object.keys(packageJson.dependencies)).not.toContain('tsx');
    expect(Object.keys(packageJson.dependencies)).not.toContain('@tanstack/react-virtual');
    expect(Object.keys(packageJson.devDependencies)).toEqual(expect.arrayContaining(['tsx', '@tanstack/react-virtual']));
  });

  it('ships, with bin/ where it ships it, what the bin loads (the build and the build-state check)', () => {
    const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { files: string[] };
    expect(config.files).toContain('out/**');
    const shipsBin = config.files.some((pattern) => pattern.startsWith('bin'));
    if (shipsBin) expect(config.files.some((pattern) => pattern === 'scripts/**' || pattern === 'scripts/cli-build-state.mjs')).toBe(true);
  });
});
