import type { Database } from 'better-sqlite3';

/**
 * What the inspector calls resources instead of their ids: a user's userName, a group's
 * displayName. Read from the resource as it is now; a resource deleted since is named by its
 * latest recorded version. Ids with neither are left out. Two queries whatever the number of ids.
 */
export function resourceNames(db: Database, workspaceSlug: string, ids: readonly string[]): Record<string, string> {
  const names: Record<string, string> = {};
  if (ids.length === 0) return names;
  const wanted = JSON.stringify([...new Set(ids)]);
  const current = db
    .prepare(
      `SELECT r.id, coalesce(json_extract(r.document, '$.userName'), json_extract(r.document, '$.displayName')) AS name
       FROM resources r JOIN workspaces w ON w.id = r.workspace_id
       WHERE w.slug = ? AND r.id IN (SELECT value FROM json_each(?))`,
    )
    .all(workspaceSlug, wanted) as { id: string; name: unknown }[];
  for (const row of current) if (typeof row.name === 'string') names[row.id] = row.name;
  const missing = ids.filter((id) => names[id] === undefined);
  if (missing.length === 0) return names;
  const recorded = db
    .prepare(
      `SELECT v.resource_id AS id, coalesce(v.after, v.before) AS document
       FROM resource_versions v JOIN workspaces w ON w.id = v.workspace_id
       WHERE w.slug = ? AND v.resource_id IN (SELECT value FROM json_each(?)) ORDER BY v.id`,
    )
    .all(workspaceSlug, JSON.stringify(missing)) as { id: string; document: string | null }[];
  for (const row of recorded) {
    const name = nameOf(row.document === null ? null : (JSON.parse(row.document) as Record<string, unknown>));
    // Later versions come last and win: the name it had most recently.
    if (name !== undefined) names[row.id] = name;
  }
  return names;
}

/** A stored document's name: userName, else displayName. */
export function nameOf(document: Record<string, unknown> | null | undefined): string | undefined {
  const name = document?.userName ?? document?.displayName;
  return typeof name === 'string' ? name : undefined;
}

/** The names of these ids only. */
export function pick(names: Record<string, string>, ids: readonly string[]): Record<string, string> {
  return Object.fromEntries(ids.filter((id) => names[id] !== undefined).map((id) => [id, names[id]!]));
}
