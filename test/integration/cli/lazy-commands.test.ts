import { execFile, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BUNDLE } from '../../../scripts/cli-build-state.mjs';
import { tempDir } from '../../support/cli';
import { openWorkbench } from '../../../src/engine/workbench';

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

  /** The packages a run of the build loaded (its stderr: Node's ESM debug log and the preload's list), with its stderr less the log. */
  function packagesLoaded(args: string[], stderr: string) {
    const listed = /\npackages:(.*)$/.exec(stderr);
    if (!listed) throw new Error(`the preload listed nothing for ${args.join(' ')}: ${stderr}`);
    const loaded = new Set([...stderr.matchAll(/file:\/\/\S+?\.js\b/g)].map((url) => fileURLToPath(url[0])));
    const chunks = new Set([...loaded].filter((file) => dirname(file) === dirname(CLI_BUNDLE)));
    if (!chunks.has(CLI_BUNDLE)) throw new Error(`Node's ESM debug log did not name the bundle for ${args.join(' ')}: ${stderr}`);
    const packages = new Set([...(JSON.parse(listed[1]!) as string[]), ...[...chunks].flatMap(packagesIn)]);
    return {
      stderr: stderr
        .split('\n')
        .filter((line) => !/^ESM \d+:/.test(line))
        .join('\n'),
      packages: [...packages].sort(),
      /** Every ES module file the run loaded (a package in node_modules that is an ES module enters no require.cache). */
      loaded: [...loaded].sort(),
    };
  }

  const probed = ['-r', preload, CLI_BUNDLE];
  const probeEnv = { ...process.env, NODE_DEBUG: 'esm' };

  /** The packages a run of the build loaded, with its exit code and output. */
  async function packagesLoadedBy(args: string[]) {
    const result = await promisify(execFile)(process.execPath, [...probed, ...args], { env: probeEnv }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    return { ...result, ...packagesLoaded(args, result.stderr) };
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

  it('simulate loads faker’s English locale alone, not each of its locales (its main entry would)', async () => {
    const run = await packagesLoadedBy([
      'simulate',
      '--idp',
      'okta',
      '--scenario',
      'assign-users',
      '--users',
      '1',
      '--target',
      'http://127.0.0.1:9/scim/v2',
      '--token',
      'secret',
    ]);
    expect(run.code).toBe(1);
    const faker = run.loaded.flatMap((file) => /\/@faker-js\/faker\/dist\/(.+?)(?:-[\w-]{8})?\.js$/.exec(file.replaceAll('\\', '/'))?.[1] ?? []);
    expect(faker.sort()).toEqual(['base', 'en', 'locale/en']);
  });

  it('loads the engine for a command that opens the database (what the probe sees when it is loaded)', async () => {
    const run = await packagesLoadedBy(['workspace', 'list', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('default\t/scim/v2');
    expect(run.packages).toContain('better-sqlite3');
    expect(run.packages).not.toContain('fastify');
  });

  it.each([['sessions'], ['export']])('`%s` outside a terminal loads no progress bar (cli-progress draws on a terminal only)', async (command) => {
    // Export reads a live session; the database has none until some traffic or this.
    if (command === 'export') recordLiveSession(db);
    const out = command === 'export' ? ['--out', join(dir.path, 'session.json')] : [];
    const run = await packagesLoadedBy([command, ...out, '--db', db]);
    expect(run.code).toBe(0);
    expect(run.packages).toContain('better-sqlite3');
    expect(run.packages).not.toContain('cli-progress');
  });

  /** What only serving (fastify and its router, ajv, pino) or a job (faker, newman, ssh2, ngrok) needs. */
  const SERVING_AND_JOBS = ['fastify', 'find-my-way', 'avvio', 'ajv', 'pino', '@faker-js/faker', 'newman', 'ssh2', '@ngrok/ngrok'];

  it.each(['token', 'workspace list', 'sessions', 'mappings export', 'faults export', 'app-view'])(
    '`%s` opens the database without loading what serving or a job needs',
    async (line) => {
      const run = await packagesLoadedBy([...line.split(' '), '--db', db]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.packages).toContain('better-sqlite3');
      expect(run.packages.filter((name) => SERVING_AND_JOBS.includes(name))).toEqual([]);
    },
  );

  it('`serve` starts without fastify’s serializer compiler or its inject, which no route of a start uses', async () => {
    const args = ['serve', '--port', '0', '--admin-port', '0', '--quiet', '--db', join(dir.path, 'serve.db')];
    const child = spawn(process.execPath, [...probed, ...args], { env: probeEnv });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stdout}\n${stderr.slice(-2000)}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (/^Press Ctrl-C to stop\.$/m.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}:\n${stdout}\n${stderr.slice(-2000)}`)));
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const run = packagesLoaded(args, stderr);
    expect(run.packages).toEqual(expect.arrayContaining(['better-sqlite3', 'fastify', 'pino']));
    const unused = ['@fastify/fast-json-stringify-compiler', '@fastify/merge-json-schemas', 'json-schema-ref-resolver', 'light-my-request'];
    expect(run.packages.filter((name) => unused.includes(name))).toEqual([]);
  });
});

/** A live session in the database, as the first traffic starts one. */
function recordLiveSession(dbPath: string): void {
  const workbench = openWorkbench({ dbPath });
  try {
    workbench.recordings.currentSessionId();
  } finally {
    workbench.close();
  }
}
