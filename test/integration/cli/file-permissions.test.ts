import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { CLI, childEnv, runCli, spawnCli, startServe, tempDir } from '../../support/cli';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * What the workbench leaves on disk after a real first run, with the usual umask of 022 in effect
 * (the one that made files 0644 and directories 0755): the data directory is its owner's only, and
 * every file it writes — the database with its -wal and -shm, exports, reports — is 0600.
 */
const posix = process.platform !== 'win32';
const dir = tempDir();
const modeOf = (path: string) => statSync(path).mode & 0o777;
let previousUmask = 0;
let target: ScimTestServer;

beforeAll(async () => {
  previousUmask = process.umask(0o022);
  target = await startScimServer({ dbPath: join(dir.path, 'target.db') });
  await target.request('POST', '/Users', { schemas: [URN.user], userName: 'files@example.com' });
});
afterAll(async () => {
  await target.close();
  process.umask(previousUmask);
  dir.remove();
});

describe.skipIf(!posix)('the default data directory', () => {
  it('is created 0700 with a 0600 database on the first run', async () => {
    const config = join(dir.path, 'config-first');
    const result = await spawnCli(['sessions'], 20_000, { XDG_CONFIG_HOME: config });
    expect(result.code, result.stderr).toBe(0);
    const dataDir = join(config, 'SCIM Workbench');
    expect(modeOf(dataDir).toString(8)).toBe('700');
    expect(modeOf(join(dataDir, 'workbench.db')).toString(8)).toBe('600');
  });

  it('is tightened to 0700 when an older version left it 0755, with its database 0600', async () => {
    const config = join(dir.path, 'config-old');
    const dataDir = join(config, 'SCIM Workbench');
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    expect(modeOf(dataDir).toString(8)).toBe('755');
    expect((await spawnCli(['sessions'], 20_000, { XDG_CONFIG_HOME: config })).code).toBe(0);
    expect(modeOf(dataDir).toString(8)).toBe('700');
    expect(modeOf(join(dataDir, 'workbench.db')).toString(8)).toBe('600');
  }, 60_000);
});

describe('an empty or relative XDG_CONFIG_HOME', () => {
  // XDG Base Directory spec: "If $XDG_CONFIG_HOME is either not set or empty, a default equal to
  // $HOME/.config should be used"; a relative path is invalid and must be ignored.
  for (const [label, value] of [
    ['empty', ''],
    ['relative', 'relative-config'],
  ] as const) {
    it.skipIf(process.platform !== 'linux')(`(${label}) leaves the database in ~/.config, not the current directory`, async () => {
      const home = join(dir.path, `home-${label}`);
      const cwd = join(dir.path, `cwd-${label}`);
      mkdirSync(home);
      mkdirSync(cwd);
      await promisify(execFile)(process.execPath, [CLI, 'sessions'], { cwd, env: childEnv({ HOME: home, XDG_CONFIG_HOME: value }), timeout: 20_000 });
      expect(existsSync(join(home, '.config', 'SCIM Workbench', 'workbench.db'))).toBe(true);
      expect(readdirSync(cwd)).toEqual([]);
    });
  }
});

describe.skipIf(!posix)('a database named with --db', () => {
  it('is 0600 with its -wal and -shm while a server runs, and its directory is left as the user made it', async () => {
    const own = join(dir.path, 'my-project');
    mkdirSync(own, { mode: 0o755 });
    const db = join(own, 'demo.db');
    const serve = await startServe(['--db', db]);
    try {
      expect(existsSync(`${db}-wal`)).toBe(true);
      expect(existsSync(`${db}-shm`)).toBe(true);
      expect([db, `${db}-wal`, `${db}-shm`].map((path) => modeOf(path).toString(8))).toEqual(['600', '600', '600']);
      expect(modeOf(own).toString(8)).toBe('755');
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });
});

describe.skipIf(!posix)('files the CLI writes', () => {
  it('writes session exports, mappings exports and replay and check reports 0600, also over an existing 0644 file', async () => {
    const out = join(dir.path, 'out');
    mkdirSync(out);
    const written: string[] = [];
    const write = async (args: string[], file: string) => {
      const result = await runCli(args);
      expect(result.code === 0 || result.code === 1, result.stderr).toBe(true);
      expect(existsSync(file), `${args[0]} wrote ${file}\n${result.stderr}`).toBe(true);
      written.push(file);
    };
    const session = join(out, 'session.json');
    await write(['export', '--db', target.dbPath, '--out', session], session);
    const har = join(out, 'session.har');
    // Overwriting a file someone else made readable still leaves it the owner's only.
    writeFileSync(har, 'old', { mode: 0o644 });
    expect(modeOf(har).toString(8)).toBe('644');
    await write(['export', '--db', target.dbPath, '--format', 'har', '--out', har], har);
    const mappings = join(out, 'mappings.json');
    await write(['mappings', 'export', mappings, '--db', target.dbPath], mappings);
    for (const extension of ['json', 'md']) {
      const replayReport = join(out, `replay.${extension}`);
      await write(['replay', session, '--target', target.baseUrl, '--token', target.token, '--report', replayReport], replayReport);
    }
    const checkReport = join(out, 'check.md');
    await write(['check', '--target', target.baseUrl, '--token', target.token, '--idp', 'okta', '--only', 'discovery', '--report', checkReport], checkReport);

    expect(written).toHaveLength(6);
    expect(written.map((file) => [file, modeOf(file).toString(8)])).toEqual(written.map((file) => [file, '600']));
  }, 300_000);
});
