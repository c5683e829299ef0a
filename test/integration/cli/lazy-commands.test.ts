import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BUNDLE } from '../../../scripts/cli-build-state.mjs';
import { tempDir } from '../../support/cli';

/**
 * Every CLI start used to load nearly the whole engine (the workbench on better-sqlite3, the fault
 * engine on scim2-parse-filter, progress bars…) before parsing its arguments. Each command now
 * defines its options from light modules and imports its action when it runs. The packages a run
 * loaded are what tells. Most are bundled into the build's chunks (electron.vite.config.ts): a chunk
 * the run loaded (Node's ESM debug log names each) holds a package when the bundler marked one of
 * its files there (a `// …node_modules/<package>/…` line). A package left in node_modules enters
 * require.cache, which a preloaded script lists at exit.
 */
describe('the built CLI loads the engine only when a command runs', () => {
  const dir = tempDir();
  const db = join(dir.path, 'workbench.db');
  const preload = join(dir.path, 'list-packages.cjs');
  writeFileSync(
    preload,
    `process.on('exit', () => {
      const names = Object.keys(require.cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file)?.[1]).filter(Boolean);
      process.stderr.write('\\npackages:' + JSON.stringify([...new Set(names)].sort()));
    });`,
  );
  afterAll(() => dir.remove());

  /** The packages whose files the bundler put in a chunk of the build. */
  function packagesIn(chunk: string): string[] {
    const marks = readFileSync(chunk, 'utf8').matchAll(/^\/\/ \S*node_modules\/((?:@[^/]+\/)?[^/]+)\//gm);
    return [...marks].map((mark) => mark[1]!);
  }

  /** The packages a run of the build loaded, with its exit code and output. */
  async function packagesLoadedBy(args: string[]) {
    const result = await promisify(execFile)(process.execPath, ['-r', preload, CLI_BUNDLE, ...args], { env: { ...process.env, NODE_DEBUG: 'esm' } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    const listed = /\npackages:(.*)$/.exec(result.stderr);
    if (!listed) throw new Error(`the preload listed nothing for ${args.join(' ')}: ${result.stderr}`);
    const chunks = new Set(
      [...result.stderr.matchAll(/file:\/\/\S+?\.js\b/g)].map((url) => fileURLToPath(url[0])).filter((file) => dirname(file) === dirname(CLI_BUNDLE)),
    );
    if (!chunks.has(CLI_BUNDLE)) throw new Error(`Node's ESM debug log did not name the bundle for ${args.join(' ')}: ${result.stderr}`);
    const packages = new Set([...(JSON.parse(listed[1]!) as string[]), ...[...chunks].flatMap(packagesIn)]);
    return {
      ...result,
      stderr: result.stderr
        .split('\n')
        .filter((line) => !/^ESM \d+:/.test(line))
        .join('\n'),
      packages: [...packages].sort(),
    };
  }

  it.each(['--version', '--help', 'serve --help', 'check --help', 'simulate --help', 'workspace configure --help'])(
    '`%s` loads no package but commander',
    async (line) => {
      const args = line.split(' ');
      const run = await packagesLoadedBy(args);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toBe('');
      expect(run.packages).toEqual(['commander']);
    },
  );

  it('refuses a bad option value before loading the engine', async () => {
    const run = await packagesLoadedBy(['export', '--format', 'xml', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("option '-f, --format <format>' argument 'xml' is invalid. must be one of json, har.");
    expect(run.packages).toEqual(['commander']);
  });

  it.each([
    ['simulate', '--idp', 'okta', '--scenario', 'assign-users', '--users', '1'],
    ['check', '--idp', 'okta'],
  ])('%s against a SCIM server opens no database and starts no server', async (...command) => {
    // Port 9 is refused before any request: the action has loaded all it imports by then.
    const run = await packagesLoadedBy([...command, '--target', 'http://127.0.0.1:9/scim/v2', '--token', 'secret']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot reach http://127.0.0.1:9/scim/v2');
    expect(run.packages).not.toContain('better-sqlite3');
    expect(run.packages).not.toContain('fastify');
  });

  it('loads the engine for a command that opens the database (what the probe sees when it is loaded)', async () => {
    const run = await packagesLoadedBy(['workspace', 'list', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('default\t/scim/v2');
    expect(run.packages).toContain('better-sqlite3');
    expect(run.packages).not.toContain('fastify');
  });

  it.each([['sessions'], ['export']])('`%s` outside a terminal loads no progress bar (cli-progress draws on a terminal only)', async (command) => {
    const out = command === 'export' ? ['--out', join(dir.path, 'session.json')] : [];
    const run = await packagesLoadedBy([command, ...out, '--db', db]);
    expect(run.code).toBe(0);
    expect(run.packages).toContain('better-sqlite3');
    expect(run.packages).not.toContain('cli-progress');
  });
});
