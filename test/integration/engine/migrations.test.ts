import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src/engine/store/migrations';
import { startScimServer } from '../../support/scim-server';

/** A database file as an earlier release left it: migrated up to `version` only, with a user and a group in it. */
function databaseAtVersion(dir: string, version: number): string {
  const path = join(dir, 'workbench.db');
  const db = new Database(path);
  migrate(
    db,
    MIGRATIONS.filter((migration) => migration.version <= version),
  );
  const workspace = db.prepare("INSERT INTO workspaces (slug, name, token, created) VALUES ('default', 'Default', 'old-token', '2026-01-01T00:00:00Z')").run();
  const insert = db.prepare(
    `INSERT INTO resources (workspace_id, id, resource_type, user_name_key, display_name_key, external_id, document, created, last_modified)
     VALUES (?, ?, ?, ?, ?, NULL, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
  );
  const userDocument = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'old.user@example.com', displayName: 'Old User' };
  const groupDocument = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Old Group' };
  insert.run(workspace.lastInsertRowid, 'u1', 'User', 'old.user@example.com', 'old user', JSON.stringify(userDocument));
  insert.run(workspace.lastInsertRowid, 'g1', 'Group', null, 'old group', JSON.stringify(groupDocument));
  db.close();
  return path;
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('opening a database written by an earlier release', () => {
  it('upgrades a version 1 file in place, keeping its data and token, and serves filters on it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'scim-workbench-migrate-'));
    const dbPath = databaseAtVersion(dir, 1);
    const server = await startScimServer({ dbPath });
    try {
      expect(server.token).toBe('old-token');
      const byDisplayName = async (endpoint: string, value: string) => {
        const response = await server.request('GET', `/${endpoint}?filter=${encodeURIComponent(`displayName eq "${value}"`)}`);
        expect(response.status).toBe(200);
        return response.body.Resources.map((resource: { id: string }) => resource.id);
      };
      expect(await byDisplayName('Groups', 'old group')).toEqual(['g1']);
      expect(await byDisplayName('Users', 'Old User')).toEqual(['u1']);
    } finally {
      await server.close();
    }
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      expect(db.prepare("SELECT display_name_key FROM resources WHERE id = 'u1'").pluck().get()).toBeNull();
      expect(db.prepare("SELECT display_name_key FROM resources WHERE id = 'g1'").pluck().get()).toBe('old group');
    } finally {
      db.close();
    }
  });
});
