import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src/engine/store/migrations';
import { openWorkbench } from '../../../src/engine/workbench';
import { tempDir } from '../../support/cli';

/**
 * Migration 8 on a file an earlier release wrote (schema version 7): each session gets its kind from
 * what that release knew — `imported`, and the name its replayer gave a replay's session — and live
 * traffic goes to the newest live session, no longer to a replay made after it.
 */
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => {
  dir?.remove();
  dir = undefined;
});

function databaseAtVersion7(path: string): void {
  const db = new Database(path);
  migrate(
    db,
    MIGRATIONS.filter((migration) => migration.version <= 7),
  );
  db.prepare("INSERT INTO workspaces (slug, name, token, created) VALUES ('default', 'Default', 'old-token', '2026-01-01T00:00:00Z')").run();
  const session = db.prepare('INSERT INTO sessions (name, created, imported) VALUES (?, ?, ?)');
  const exchange = db.prepare(
    `INSERT INTO exchanges (session_id, workspace, started, duration_ms, client, source, operation, method, url, status, request, response, notes)
     VALUES (?, 'default', '2026-01-01T00:00:00Z', 1, 'okta', 'local', 'listed users', 'GET', '/scim/v2/Users', 200,
       '{"method":"GET","url":"/scim/v2/Users","headers":[],"body":null}', '{"status":200,"headers":[],"body":null}', '[]')`,
  );
  for (const [name, imported] of [
    ['Session 1', 0],
    ['Okta run', 0],
    ['From a HAR', 1],
    ['Replay of Okta run', 0],
    ['Replay of my file', 1],
  ] as const) {
    const id = session.run(name, '2026-01-01T00:00:00Z', imported).lastInsertRowid;
    exchange.run(id);
  }
  db.close();
}

describe('migration 8: session kinds', () => {
  it('backfills kinds on a version 7 file and keeps recording into the newest live session', () => {
    dir = tempDir();
    const dbPath = join(dir.path, 'workbench.db');
    databaseAtVersion7(dbPath);
    const workbench = openWorkbench({ dbPath });
    try {
      expect(workbench.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      const sessions = workbench.recordings.sessions();
      expect(sessions.map(({ name, kind, current, imported, exchangeCount }) => ({ name, kind, current, imported, exchangeCount }))).toEqual([
        { name: 'Replay of my file', kind: 'imported', current: false, imported: true, exchangeCount: 1 },
        { name: 'Replay of Okta run', kind: 'replay', current: false, imported: false, exchangeCount: 1 },
        { name: 'From a HAR', kind: 'imported', current: false, imported: true, exchangeCount: 1 },
        { name: 'Okta run', kind: 'live', current: true, imported: false, exchangeCount: 1 },
        { name: 'Session 1', kind: 'live', current: false, imported: false, exchangeCount: 1 },
      ]);
      expect(workbench.recordings.currentSessionId()).toBe(sessions[3]!.id);
      expect(() => workbench.db.prepare("UPDATE sessions SET kind = 'other' WHERE id = 1").run()).toThrow(/CHECK constraint/);
    } finally {
      workbench.close();
    }
  });
});
