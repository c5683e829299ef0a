import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../../src/shared/recording';
import { URN } from '../../../src/engine/scim/urns';
import { runCli, tempDir } from '../../support/cli';
import { startScimServer } from '../../support/scim-server';

/**
 * `scim-workbench sessions | export | import` against a database that recorded real SCIM traffic. Its session
 * is exported once as a session file, and once as HAR over a file someone else made readable (0644): the
 * export tests read these two files, and the import test reads them back in.
 */
const dir = tempDir();
const db = join(dir.path, 'sessions.db');
const sessionFile = join(dir.path, 'run.scim-session.json');
const harFile = join(dir.path, 'run.har');
let token = '';

beforeAll(async () => {
  const server = await startScimServer({ dbPath: db });
  token = server.token;
  const created = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'cli.export@example.com', password: 'Secret-9' });
  await server.request('PATCH', `/Users/${created.body.id}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] });
  await server.request('GET', '/Users/nobody');
  await server.close();

  const asSessionFile = await runCli(['export', '--db', db, '--out', sessionFile]);
  expect(asSessionFile.code, asSessionFile.stderr).toBe(0);
  writeFileSync(harFile, 'old', { mode: 0o644 });
  expect(statSync(harFile).mode & 0o777).toBe(0o644);
  const asHar = await runCli(['export', '--db', db, '--format', 'har', '--out', harFile]);
  expect(asHar.code, asHar.stderr).toBe(0);
});
afterAll(() => dir.remove());

describe('export', () => {
  it('writes the current session as a session file, secrets redacted', () => {
    const text = readFileSync(sessionFile, 'utf8');
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: 'scim-workbench-session', version: 1 });
    expect(file.exchanges.map((e: { request: { method: string } }) => e.request.method)).toEqual(['POST', 'PATCH', 'GET']);
    expect(file.exchanges[1].changes[0].after.active).toBe(false);
    expect(text).not.toContain(token);
    expect(text).not.toContain('Secret-9');
    expect(text).toContain(REDACTED);
  });

  it('writes HAR 1.2 to standard output', async () => {
    const result = await runCli(['export', '--db', db, '--format', 'har']);
    expect(result.code, result.stderr).toBe(0);
    const har = JSON.parse(result.stdout);
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(3);
    expect(har.log.entries[2].response.status).toBe(404);
  });

  it('writes the file readable by its owner only, also over an existing readable file', () => {
    expect(statSync(sessionFile).mode & 0o777).toBe(0o600);
    expect(statSync(harFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(harFile, 'utf8')).log.entries).toHaveLength(3);
  });

  it('says which file it cannot write, and leaves a directory in its place alone', async () => {
    const missing = await runCli(['export', '--db', db, '--out', join(dir.path, 'no-such-dir', 'x.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot write');
    expect(missing.stderr).toContain('no-such-dir');
    const directory = join(dir.path, 'a-directory');
    mkdirSync(directory);
    const onDirectory = await runCli(['export', '--db', db, '--out', directory]);
    expect(onDirectory.code).toBe(1);
    expect(onDirectory.stderr).toContain('Cannot write');
    expect(statSync(directory).isDirectory()).toBe(true);
  });

  it('refuses an unknown format or session with a clear message', async () => {
    const format = await runCli(['export', '--db', db, '--format', 'xml']);
    expect(format.code).not.toBe(0);
    expect(format.stderr).toContain('json, har');
    const missing = await runCli(['export', '--db', db, '--session', '999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No session 999');
  });
});

describe('import', () => {
  it('reads a session file and a HAR back into new imported sessions, listed by `sessions`', async () => {
    const fromSession = await runCli(['import', sessionFile, '--db', db, '--name', 'From file']);
    expect(fromSession.stdout).toContain('Imported 3 exchanges');
    const fromHar = await runCli(['import', harFile, '--db', db]);
    expect(fromHar.stdout).toContain('Imported 3 exchanges');
    const list = await runCli(['sessions', '--db', db]);
    expect(list.stdout).toMatch(/From file\t3 exchanges.*\(imported\)/);
    // Live traffic still goes to the recording session, not to an imported one.
    const current = await runCli(['export', '--db', db]);
    expect(JSON.parse(current.stdout).session.name).toBe('Session 1');
  });

  it('refuses a file that is not JSON, or neither a session file nor a HAR, and names the problem', async () => {
    const garbage = join(dir.path, 'garbage.json');
    writeFileSync(garbage, '{"log": {"entries": [{"request": {}}]}}');
    const result = await runCli(['import', garbage, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('log.entries[0]');
    writeFileSync(garbage, 'not json');
    expect((await runCli(['import', garbage, '--db', db])).stderr).toContain('Cannot read');
  });
});
