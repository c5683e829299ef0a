import { foldCase, type Database } from './database';

/** Lifecycle facts about users, read from the recorded resource versions. */
export interface UserLifecycleFacts {
  /** Users that were set active=false at some point. */
  deactivated: Set<string>;
}

/** A workspace's mappings (as JSON, checked by compileMappings before they get here) and the history queries the app view needs. */
export class MappingStore {
  constructor(private readonly db: Database) {}

  get(workspaceId: number): unknown {
    const row = this.db.prepare('SELECT mappings FROM workspace_mappings WHERE workspace_id = ?').get(workspaceId) as { mappings: string } | undefined;
    return row ? JSON.parse(row.mappings) : undefined;
  }

  set(workspaceId: number, mappings: unknown): void {
    this.db
      .prepare(
        `INSERT INTO workspace_mappings (workspace_id, mappings, updated) VALUES (?, ?, ?)
         ON CONFLICT (workspace_id) DO UPDATE SET mappings = excluded.mappings, updated = excluded.updated`,
      )
      .run(workspaceId, JSON.stringify(mappings), new Date().toISOString());
  }

  /** Users of the workspace that were ever set active=false (recorded versions). */
  deactivatedUsers(workspaceId: number): Set<string> {
    const ids = this.db
      .prepare(
        `SELECT DISTINCT resource_id FROM resource_versions
         WHERE workspace_id = ? AND resource_type = 'User' AND after IS NOT NULL AND json_extract(after, '$.active') = 0`,
      )
      .pluck()
      .all(workspaceId) as string[];
    return new Set(ids);
  }

  /** Users deleted in the IdP and not back since: their last document, for a policy that keeps them suspended. */
  deletedUsers(workspaceId: number): Record<string, unknown>[] {
    const rows = this.db
      .prepare(
        `SELECT v.resource_id AS id, v.before AS before FROM resource_versions v
         WHERE v.workspace_id = ? AND v.resource_type = 'User' AND v.after IS NULL AND v.before IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.workspace_id = v.workspace_id AND r.id = v.resource_id)
         ORDER BY v.id`,
      )
      .all(workspaceId) as { id: string; before: string }[];
    // One app user per userName, as the app matches its logins: the last deletion of it, and none when a
    // user of that userName is back (re-provisioned under a new id), for then it is that user again.
    const live = this.db.prepare("SELECT 1 FROM resources WHERE workspace_id = ? AND resource_type = 'User' AND user_name_key = ?").pluck();
    const byUserName = new Map<string, Record<string, unknown>>();
    for (const row of rows) {
      const user: Record<string, unknown> = { ...(JSON.parse(row.before) as Record<string, unknown>), id: row.id };
      const key = typeof user.userName === 'string' ? foldCase(user.userName) : `\u0000${row.id}`;
      byUserName.delete(key);
      if (typeof user.userName !== 'string' || live.get(workspaceId, key) === undefined) byUserName.set(key, user);
    }
    return [...byUserName.values()];
  }
}
