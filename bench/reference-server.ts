// Benchmark child: the minimal reference the issue measures the workbench against. fastify and
// better-sqlite3 doing the SQL of each load scenario on its own copy of the seeded database, with
// the workbench's connection settings (openDatabase: WAL, synchronous, cache and memory map), but
// no SCIM semantics (no schemas, normalisation, projection or compatibility modes) and no recording.
// What the workbench costs above this is what SCIM and the recorder cost.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { openDatabase } from '../src/engine/store/database';
import { serveToParent } from './child-server';

const [dbPath, token] = process.argv.slice(2);
if (!dbPath || !token) throw new Error('usage: reference-server.ts <dbPath> <token>');

const db = openDatabase(dbPath);
const workspaceId = (db.prepare("SELECT id FROM workspaces WHERE slug = 'default'").pluck().get() as number | undefined) ?? 1;

interface Row {
  id: string;
  document: string;
  version: number;
  created: string;
  last_modified: string;
}

const COLUMNS = 'r.id, r.document, r.version, r.created, r.last_modified';
const statements = {
  byUserName: db.prepare<[number, string], Row>(
    `SELECT ${COLUMNS} FROM resources r WHERE r.workspace_id = ? AND r.resource_type = 'User' AND r.user_name_key = ? ORDER BY r.seq LIMIT 2`,
  ),
  page: db.prepare<[number, number, number], Row>(
    `SELECT ${COLUMNS} FROM resources r WHERE r.workspace_id = ? AND r.resource_type = 'User' ORDER BY r.seq LIMIT (? + 0) OFFSET ?`,
  ),
  count: db.prepare<[number], number>("SELECT count(*) FROM resources r WHERE r.workspace_id = ? AND r.resource_type = 'User'").pluck(),
  groupsOf: db.prepare<[number, string], { member_id: string; group_id: string; display: string | null }>(
    `SELECT m.member_id, m.group_id, json_extract(g.document, '$.displayName') AS display
     FROM group_members m JOIN resources g ON g.workspace_id = m.workspace_id AND g.id = m.group_id
     WHERE m.workspace_id = ? AND m.member_id IN (SELECT value FROM json_each(?)) ORDER BY g.seq`,
  ),
  get: db.prepare<[number, string], Row>(`SELECT ${COLUMNS} FROM resources r WHERE r.workspace_id = ? AND r.resource_type = 'User' AND r.id = ?`),
  insert: db.prepare(
    `INSERT INTO resources (workspace_id, id, resource_type, user_name_key, display_name_key, external_id, document, version, created, last_modified)
     VALUES (?, ?, 'User', ?, NULL, ?, ?, 1, ?, ?)`,
  ),
  update: db.prepare('UPDATE resources SET document = ?, version = version + 1, last_modified = ? WHERE workspace_id = ? AND id = ?'),
};
// One transaction per request, as the workbench runs them (a write takes the lock first: BEGIN IMMEDIATE).
const readTransaction = db.transaction((work: () => unknown) => work());
const writeTransaction = db.transaction((work: () => unknown) => work()).immediate;
const read = <T>(work: () => T) => readTransaction(work) as T;
const write = <T>(work: () => T) => writeTransaction(work) as T;

/** The one count a list page needs, kept until this server writes (it is the only writer of its copy). */
let userCount: number | undefined;

const BASE = '/scim/v2';
const ORIGIN_PLACEHOLDER = 'http://127.0.0.1';

function served(row: Row, groups: { group_id: string; display: string | null }[] = []): Record<string, unknown> {
  const resource: Record<string, unknown> = { id: row.id, ...(JSON.parse(row.document) as Record<string, unknown>) };
  if (groups.length > 0) resource.groups = groups.map((group) => ({ value: group.group_id, display: group.display, type: 'direct' }));
  resource.meta = {
    resourceType: 'User',
    created: row.created,
    lastModified: row.last_modified,
    location: `${ORIGIN_PLACEHOLDER}${BASE}/Users/${row.id}`,
    version: `W/"${row.version}"`,
  };
  return resource;
}

function withGroups(rows: Row[]): Record<string, unknown>[] {
  const groups = new Map<string, { group_id: string; display: string | null }[]>();
  for (const group of statements.groupsOf.all(workspaceId, JSON.stringify(rows.map((row) => row.id)))) {
    groups.set(group.member_id, [...(groups.get(group.member_id) ?? []), group]);
  }
  return rows.map((row) => served(row, groups.get(row.id)));
}

const listResponse = (Resources: Record<string, unknown>[], totalResults: number, startIndex: number) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults,
  startIndex,
  itemsPerPage: Resources.length,
  Resources,
});

const app = Fastify({ logger: false });
app.addContentTypeParser(['application/json', 'application/scim+json'], { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
app.addHook('onRequest', async (request, reply) => {
  // A constant token in memory: the minimal check, where the workbench reads its workspace's.
  if (request.headers.authorization !== `Bearer ${token}`) return reply.code(401).send({ detail: 'unauthorized' });
  reply.header('content-type', 'application/scim+json');
});

app.get<{ Querystring: { filter?: string; startIndex?: string; count?: string } }>(`${BASE}/Users`, async (request, reply) => {
  const { filter } = request.query;
  if (filter !== undefined) {
    // The one filter the scenarios send: userName eq "…".
    const userName = /^userName eq "(.*)"$/.exec(filter)?.[1];
    if (userName === undefined) return reply.code(400).send({ detail: 'only userName eq "…" here' });
    return read(() => {
      const rows = statements.byUserName.all(workspaceId, userName.toLowerCase());
      return listResponse(withGroups(rows), rows.length, 1);
    });
  }
  const startIndex = Math.max(1, Number(request.query.startIndex ?? 1));
  const count = Math.max(0, Number(request.query.count ?? 100));
  return read(() => {
    const rows = statements.page.all(workspaceId, count, startIndex - 1);
    userCount ??= statements.count.get(workspaceId)!;
    return listResponse(withGroups(rows), userCount, startIndex);
  });
});

app.post<{ Body: Record<string, unknown> }>(`${BASE}/Users`, async (request, reply) => {
  const { schemas, ...document } = request.body;
  const id = randomUUID();
  const now = new Date().toISOString();
  const text = JSON.stringify({ schemas, ...document });
  const row = write(() => {
    statements.insert.run(workspaceId, id, String(document.userName).toLowerCase(), (document.externalId as string | undefined) ?? null, text, now, now);
    userCount = undefined;
    return statements.get.get(workspaceId, id)!;
  });
  return reply.code(201).send(served(row));
});

app.patch<{ Params: { id: string }; Body: { Operations?: { op: string; value?: Record<string, unknown> }[] } }>(`${BASE}/Users/:id`, async (request, reply) => {
  const row = write(() => {
    const current = statements.get.get(workspaceId, request.params.id);
    if (!current) return undefined;
    const document = JSON.parse(current.document) as Record<string, unknown>;
    // The operations the scenario sends: replace without a path, a value object.
    for (const operation of request.body.Operations ?? []) Object.assign(document, operation.value);
    statements.update.run(JSON.stringify(document), new Date().toISOString(), workspaceId, current.id);
    return statements.get.get(workspaceId, current.id)!;
  });
  if (!row) return reply.code(404).send({ detail: 'not found' });
  return served(row);
});

app.addHook('onClose', async () => db.close());
await serveToParent(app);
