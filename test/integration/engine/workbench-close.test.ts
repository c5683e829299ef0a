import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openWorkbench } from '../../../src/engine/workbench';
import { serveFromEventLoop } from '../../../src/engine/store/database';
import { tempDir } from '../../support/cli';

/**
 * Closing must close the database even when its last flush cannot be written (another process
 * holds the write lock past the wait): the exchanges waiting are reported, not a reason to leave
 * the file open and the close failing.
 */
const dir = tempDir();
afterAll(() => dir.remove());

it('closes the database and reports the exchanges it could not write when another process holds the lock', () => {
  const dbPath = join(dir.path, 'workbench.db');
  const warnings: string[] = [];
  const workbench = openWorkbench({ dbPath, warn: (message) => warnings.push(message) });
  serveFromEventLoop(workbench.db);
  workbench.recorder.recordLater({
    workspace: 'default',
    startedAt: new Date(),
    durationMs: 1,
    source: 'local',
    request: { method: 'GET', url: '/scim/v2/Users', headers: {}, body: null },
    response: { status: 200, headers: {}, body: '{"totalResults":0}' },
    notes: [],
    changes: [],
  });
  const other = new Database(dbPath, { timeout: 0 });
  other.exec('BEGIN IMMEDIATE');
  try {
    expect(() => workbench.close()).not.toThrow();
    expect(workbench.db.open).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/could not record its last exchanges before closing: database is locked/)]);
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
}, 20_000);
