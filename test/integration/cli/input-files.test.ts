import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { runCli, spawnCli, tempDir } from '../../support/cli';
import { startScimServer } from '../../support/scim-server';

/**
 * Files the CLI reads (`import`, `mappings import`, `replay`, `check --runscope`, extensions): only
 * regular files, so a FIFO or a device is refused instead of blocking or reading forever, and UTF-8
 * with a byte order mark (as Windows editors save it) is read like UTF-8 without one.
 */
const dir = tempDir();
const db = join(dir.path, 'input.db');
const sessionFile = join(dir.path, 'session.json');
const BOM = '\uFEFF';

beforeAll(async () => {
  const server = await startScimServer({ dbPath: db });
  await server.request('POST', '/Users', { schemas: [URN.user], userName: 'bom@example.com' });
  await server.close();
  expect((await runCli(['export', '--db', db, '--out', sessionFile])).code).toBe(0);
});
afterAll(() => dir.remove());

describe.skipIf(process.platform === 'win32')('a file that is not a regular file', () => {
  it('`import` refuses a FIFO with a message instead of waiting for a writer', async () => {
    const fifo = join(dir.path, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    // Nothing ever writes to the FIFO: the old code blocked in open() until the helper's timeout.
    const result = await spawnCli(['import', fifo, '--db', db], 25_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${fifo} is not a regular file (it is a FIFO)`);
  }, 60_000);

  it('`import`, `mappings import`, `replay`, `check --runscope` and `--extensions` refuse a device; `import` a directory', async () => {
    const folder = join(dir.path, 'a-folder');
    mkdirSync(folder);
    const cases: [string[], string][] = [
      [['import', '/dev/null', '--db', db], '/dev/null is not a regular file (it is a character device)'],
      [['import', folder, '--db', db], `${folder} is not a regular file (it is a directory)`],
      [['mappings', 'import', '/dev/null', '--db', db], '/dev/null is not a regular file'],
      [['replay', '/dev/null', '--target', 'http://127.0.0.1:1/scim/v2'], '/dev/null is not a regular file'],
      [['check', '--target', 'http://127.0.0.1:1/scim/v2', '--runscope', '/dev/null'], '/dev/null is not a regular file'],
      [
        ['workspace', 'configure', 'default', '--extensions', '/dev/null', '--db', db],
        'Cannot read extensions file "/dev/null": /dev/null is not a regular file',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
  }, 180_000);

  it('names a missing file', async () => {
    const missing = join(dir.path, 'missing.json');
    const result = await runCli(['import', missing, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot read ${missing}: no such file`);
  });
});

describe('UTF-8 with a byte order mark', () => {
  it('`import` reads a session file saved with a BOM', async () => {
    const withBom = join(dir.path, 'bom-session.json');
    writeFileSync(withBom, BOM + readFileSync(sessionFile, 'utf8'));
    const result = await runCli(['import', withBom, '--db', db, '--name', 'With BOM']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Imported 1 exchanges');
    expect((await runCli(['sessions', '--db', db])).stdout).toMatch(/With BOM\t1 exchanges/);
  }, 60_000);

  it('`mappings import` reads a mappings file saved with a BOM', async () => {
    const file = join(dir.path, 'mappings.json');
    expect((await runCli(['mappings', 'export', file, '--db', db])).code).toBe(0);
    writeFileSync(file, BOM + readFileSync(file, 'utf8'));
    const result = await runCli(['mappings', 'import', file, '--db', db]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Imported');
  }, 60_000);
});
