import type { Database } from 'better-sqlite3';
import type { ResourceListResponse } from '../../shared/admin-api';

/**
 * The resources of a proxy workspace as last observed in the upstream's answers (shadow-copies.ts):
 * the Resources view lists these, the workbench holding none of its own. Each is the newest observed
 * version of its id, unless that version was a delete; searched like the local list, by
 * userName, displayName or externalId (here in memory: a proxy's observed set is what one
 * debugging session saw).
 */
export function observedResources(
  db: Database,
  workspaceId: number,
  type: 'User' | 'Group',
  query: { q?: string; startIndex?: number; count?: number },
): ResourceListResponse {
  const rows = db
    .prepare<[number, string], { resource_id: string; after: string; at: string }>(
      `SELECT v.resource_id, v.after, v.at FROM resource_versions v
       JOIN (SELECT max(id) AS id FROM resource_versions WHERE workspace_id = ? AND resource_type = ? AND observed = 1 GROUP BY resource_id) last
         ON last.id = v.id
       WHERE v.after IS NOT NULL ORDER BY v.id`,
    )
    .all(workspaceId, type);
  const needle = query.q?.trim().toLowerCase();
  const resources = rows
    .map((row): Record<string, unknown> => ({
      ...(JSON.parse(row.after) as Record<string, unknown>),
      id: row.resource_id,
      meta: { resourceType: type, observed: row.at },
    }))
    .filter(
      (resource) =>
        !needle ||
        ['userName', 'displayName', 'externalId'].some((key) =>
          String(resource[key] ?? '')
            .toLowerCase()
            .includes(needle),
        ),
    );
  const startIndex = query.startIndex ?? 1;
  const count = query.count ?? 100;
  return { totalResults: resources.length, startIndex, Resources: resources.slice(startIndex - 1, startIndex - 1 + count) };
}
