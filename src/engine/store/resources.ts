import type { Database, Statement } from 'better-sqlite3';
import type { SqlFragment } from '../scim/filter/sql-types';
import type { ResourceTypeName } from '../scim/schemas/types';

export interface ResourceRow {
  id: string;
  resource_type: ResourceTypeName;
  external_id: string | null;
  /** The stored index keys, so an update can tell whether they change (see `update`). */
  user_name_key: string | null;
  display_name_key: string | null;
  document: string;
  version: number;
  created: string;
  last_modified: string;
}

/** The indexed columns derived from a document; the service computes them, the store only writes them. */
export interface ResourceKeys {
  userNameKey: string | null;
  displayNameKey: string | null;
  externalId: string | null;
}

export interface MemberRow {
  member_id: string;
  member_type: ResourceTypeName;
  display: string | null;
  /** Sub-attributes no schema defines, as the client sent them (JSON), kept by lenient workspaces. */
  extra: string | null;
}

export interface GroupRefRow {
  member_id: string;
  group_id: string;
  display: string | null;
}

/** Resource types as SQL literals, for statements that must not bind the type (see `list`). */
const TYPE_LITERAL: Record<ResourceTypeName, string> = { User: "'User'", Group: "'Group'" };

const COLUMNS = 'r.id, r.resource_type, r.external_id, r.user_name_key, r.display_name_key, r.document, r.version, r.created, r.last_modified';
/** A listed row also says where it stands in creation order, for the next page (see `list`). */
const LIST_COLUMNS = `${COLUMNS}, r.seq`;

/** A row of a list: its place in creation order besides. */
export interface ListedRow extends ResourceRow {
  seq: number;
}
const DISPLAY_OF = (alias: string) => `COALESCE(json_extract(${alias}.document, '$.displayName'), json_extract(${alias}.document, '$.userName'))`;

const byExternalIdSql = (type: ResourceTypeName) =>
  `SELECT ${COLUMNS} FROM resources r WHERE r.workspace_id = ? AND r.resource_type = ${TYPE_LITERAL[type]} AND r.external_id = ?
   ORDER BY (r.user_name_key IS ?) DESC, r.seq LIMIT 1`;

/** Which list a page belongs to: the workspace's resources of a type, with the filter's SQL and values. */
const pageKey = (workspaceId: number, type: ResourceTypeName, where: SqlFragment | undefined) =>
  where === undefined ? `${workspaceId}\u0000${type}` : `${workspaceId}\u0000${type}\u0000${where.sql}\u0000${JSON.stringify(where.params)}`;

/*
 * The membership touches (see touchUsers, delete) find their rows by id through the (workspace_id, id)
 * key. `+resource_type` keeps the planner off the type index, which it otherwise chose: a walk over
 * every user of the workspace, tens of milliseconds per member change at 100,000 users.
 */
export const TOUCH_USERS_SQL = `UPDATE resources SET version = version + 1, last_modified = ?
  WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?)) AND +resource_type = 'User'`;
/** Before a deletion: the groups it is a member of (their `members` lose it). Two statements, as an OR of both walked the workspace. */
export const TOUCH_CONTAINING_GROUPS_SQL = `UPDATE resources SET version = version + 1, last_modified = @now
  WHERE workspace_id = @workspaceId AND id IN (SELECT group_id FROM group_members WHERE workspace_id = @workspaceId AND member_id = @id) AND +resource_type = 'Group'`;
/** Before a group's deletion: the users that are its members (their `groups` lose it). */
export const TOUCH_MEMBER_USERS_SQL = `UPDATE resources SET version = version + 1, last_modified = @now
  WHERE workspace_id = @workspaceId AND id IN (SELECT member_id FROM group_members WHERE workspace_id = @workspaceId AND group_id = @id) AND +resource_type = 'User'`;

/**
 * Row-level access to resources and group membership. Knows tables, not SCIM: the
 * service above decides what to write; every statement here is prepared once.
 */
export class ResourceStore {
  private readonly statements;
  /**
   * One transaction wrapper, made once: db.transaction() builds four wrapper variants on
   * every call, which cost more than the BEGIN and COMMIT it runs (~15 µs a request).
   */
  private readonly runInTransaction: (work: () => unknown) => unknown;

  constructor(readonly db: Database) {
    this.runInTransaction = db.transaction((work: () => unknown) => work());
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      get: prepare(`SELECT ${COLUMNS} FROM resources r WHERE r.workspace_id = ? AND r.resource_type = ? AND r.id = ?`),
      insert: prepare(
        `INSERT INTO resources (workspace_id, id, resource_type, user_name_key, display_name_key, external_id, document, version, created, last_modified)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      ),
      update: prepare(
        `UPDATE resources SET user_name_key = ?, display_name_key = ?, external_id = ?, document = ?,
           version = version + 1, last_modified = ? WHERE workspace_id = ? AND id = ?`,
      ),
      updateDocument: prepare('UPDATE resources SET document = ?, version = version + 1, last_modified = ? WHERE workspace_id = ? AND id = ?'),
      // A user whose userName key is the requested one comes first, so that if several users
      // share an externalId (the column is not unique) the re-POSTed one is found. One statement
      // per type, the type written in: with `resource_type = ?` SQLite re-prepared it on every run
      // (see `list`), ~60 µs of every POST.
      byExternalId: {
        User: prepare(byExternalIdSql('User')),
        Group: prepare(byExternalIdSql('Group')),
      },
      touch: prepare('UPDATE resources SET version = version + 1, last_modified = ? WHERE workspace_id = ? AND id = ?'),
      touchUsers: prepare(TOUCH_USERS_SQL),
      touchContainingGroups: prepare(TOUCH_CONTAINING_GROUPS_SQL),
      touchMemberUsers: prepare(TOUCH_MEMBER_USERS_SQL),
      delete: prepare('DELETE FROM resources WHERE workspace_id = ? AND resource_type = ? AND id = ?'),
      typesOf: prepare('SELECT id, resource_type FROM resources WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))'),
      members: prepare(
        `SELECT m.member_id, m.member_type, ${DISPLAY_OF('x')} AS display, m.extra
         FROM group_members m JOIN resources x ON x.workspace_id = m.workspace_id AND x.id = m.member_id
         WHERE m.workspace_id = ? AND m.group_id = ? ORDER BY x.seq`,
      ),
      groupsOf: prepare(
        `SELECT m.member_id, m.group_id, ${DISPLAY_OF('g')} AS display
         FROM group_members m JOIN resources g ON g.workspace_id = m.workspace_id AND g.id = m.group_id
         WHERE m.workspace_id = ? AND m.member_id IN (SELECT value FROM json_each(?)) ORDER BY g.seq`,
      ),
      // One user (a lookup, a write's answer): the IN list above costs SQLite a temporary table per run.
      groupsOfOne: prepare(
        `SELECT m.member_id, m.group_id, ${DISPLAY_OF('g')} AS display
         FROM group_members m JOIN resources g ON g.workspace_id = m.workspace_id AND g.id = m.group_id
         WHERE m.workspace_id = ? AND m.member_id = ? ORDER BY g.seq`,
      ),
      addMember: prepare('INSERT OR IGNORE INTO group_members (workspace_id, group_id, member_id, member_type, extra) VALUES (?, ?, ?, ?, ?)'),
      // RETURNING tells which members were there, for the recorder's membership delta.
      removeMembers: prepare(
        'DELETE FROM group_members WHERE workspace_id = ? AND group_id = ? AND member_id IN (SELECT value FROM json_each(?)) RETURNING member_id',
      ).pluck(),
      removeAllMembers: prepare('DELETE FROM group_members WHERE workspace_id = ? AND group_id = ? RETURNING member_id').pluck(),
      // Moves with every commit by another connection (the CLI, a second app instance), not with this one's.
      dataVersion: prepare('PRAGMA data_version').pluck(),
    };
  }

  /**
   * Writes through this store: it is the only code that writes resources and memberships on this
   * connection (a workspace's deletion cascades too, see forgetCaches). With data_version it tells
   * when the caches below may no longer hold: total_changes() moved with every recorded exchange as well.
   */
  private writes = 0;
  private cachedWrites = -1;
  private cachedVersion = -1;

  /**
   * totalResults of recent list queries. Counting every match costs ~4 ms per 100,000 users
   * and an IdP import asks once per page of the same list; a count stays valid until a
   * write, here or from another process, may have changed it.
   */
  private readonly counts = new Map<string, number>();

  /**
   * Where pages of a list in creation order ended: list key → (offset just past a page → the seq of
   * its last row). An IdP importing a workspace asks for startIndex 1, 101, 201, …; the page after
   * one served is then read from that seq on, through the index, where OFFSET stepped over every
   * row before it (a third of a page's time at 10,000 users, and growing with the offset).
   * Valid as long as the counts are.
   */
  private readonly pageEnds = new Map<string, Map<number, number>>();
  private readonly continuedStatements = new Map<string, Statement>();

  /**
   * Filtered list queries differ only in their parameters for the same filter shape, so
   * their statements are cached by SQL text (bounded; the oldest entry goes first).
   */
  private readonly adHoc = new Map<string, Statement>();
  private readonly listStatements = new Map<string, Statement>();
  private prepared(sql: string): Statement {
    let statement = this.adHoc.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.adHoc.size >= 256) this.adHoc.delete(this.adHoc.keys().next().value!);
      this.adHoc.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in a transaction (a savepoint when one is already open); rolls back if it throws. */
  transaction<T>(work: () => T): T {
    try {
      return this.runInTransaction(work) as T;
    } finally {
      // Also after a rollback: a read inside the transaction saw rows that are gone now.
      this.writes++;
    }
  }

  /**
   * Runs reads (only reads) in one transaction, so they see one snapshot. Inside an open transaction
   * (a GET's read snapshot, see WorkspaceStore.readSnapshot) they simply run: a read has nothing for
   * a savepoint to undo, and SAVEPOINT plus RELEASE were two statements more on every lookup.
   */
  read<T>(work: () => T): T {
    return this.db.inTransaction ? work() : (this.runInTransaction(work) as T);
  }

  get(workspaceId: number, type: ResourceTypeName, id: string): ResourceRow | undefined {
    return this.statements.get.get(workspaceId, type, id) as ResourceRow | undefined;
  }

  /** The resource of `type` with this externalId (one, preferring the one whose userName key is `userNameKey`). */
  findByExternalId(workspaceId: number, type: ResourceTypeName, externalId: string, userNameKey: string | null): ResourceRow | undefined {
    return this.statements.byExternalId[type].get(workspaceId, externalId, userNameKey) as ResourceRow | undefined;
  }

  insert(workspaceId: number, type: ResourceTypeName, id: string, keys: ResourceKeys, document: string, now: string) {
    this.writes++;
    this.statements.insert.run(workspaceId, id, type, keys.userNameKey, keys.displayNameKey, keys.externalId, document, now, now);
  }

  /**
   * Writes a new version of `current`. SQLite rewrites the entries of every index whose columns
   * an UPDATE sets, even to the same value; when the keys are the stored ones (a PATCH of
   * `active`, most PUTs) only the row is written: one page instead of four.
   */
  update(workspaceId: number, current: ResourceRow, keys: ResourceKeys, document: string, now: string) {
    this.writes++;
    const keysUnchanged =
      keys.userNameKey === current.user_name_key && keys.displayNameKey === current.display_name_key && keys.externalId === current.external_id;
    if (keysUnchanged) {
      this.statements.updateDocument.run(document, now, workspaceId, current.id);
    } else {
      this.statements.update.run(keys.userNameKey, keys.displayNameKey, keys.externalId, document, now, workspaceId, current.id);
    }
  }

  /** A membership change is a new version of the group even though its document did not change. */
  touch(workspaceId: number, id: string, now: string) {
    this.writes++;
    this.statements.touch.run(now, workspaceId, id);
  }

  /**
   * New versions of users whose `groups` changed though their rows did not: a group gained or lost
   * them. Their representations changed, so their ETags must (RFC 7644 §3.14). Groups have no
   * `groups` attribute, so a group that became a member keeps its version.
   */
  touchUsers(workspaceId: number, ids: readonly string[], now: string) {
    if (ids.length === 0) return;
    this.writes++;
    this.statements.touchUsers.run(now, workspaceId, JSON.stringify(ids));
  }

  /**
   * Deletes a resource. The memberships it had go with it (the foreign key cascades), so the groups
   * it was a member of and, for a group, the users that were its members get new versions first.
   * A member's display name is served from its row too, but a rename does not touch its groups:
   * the weak ETag stands for the membership, not for every label a representation quotes.
   */
  delete(workspaceId: number, type: ResourceTypeName, id: string, now: string): boolean {
    this.writes++;
    this.statements.touchContainingGroups.run({ now, workspaceId, id });
    if (type === 'Group') this.statements.touchMemberUsers.run({ now, workspaceId, id });
    return this.statements.delete.run(workspaceId, type, id).changes > 0;
  }

  /*
   * The list and count statements are written so that SQLite never re-prepares them. SQLite
   * recompiles a statement on every run when its plan depended on a bound value, and binding
   * again (better-sqlite3 binds on every call) counts as a change:
   * - `resource_type = ?` made the planner compare the bound value with the partial userName
   *   index's `WHERE resource_type = 'User'`; the type is written into the SQL instead (from
   *   TYPE_LITERAL, a closed set, never user input), so that is settled once, when preparing;
   * - `LIMIT ?` is read as a constant by the planner (sqlite3ExprIsInteger); `LIMIT (? + 0)`
   *   is an expression it evaluates at run time.
   * Together that was ~0.1 ms of compiling per query, two queries per list request.
   */
  list(workspaceId: number, type: ResourceTypeName, where: SqlFragment | undefined, offset: number, limit: number, order?: SqlFragment): ListedRow[] {
    const whereParams = where?.params ?? [];
    if (order !== undefined) {
      return this.listStatement(type, where?.sql, order.sql).all(workspaceId, ...whereParams, ...order.params, limit, offset) as ListedRow[];
    }
    // Page ends are kept for reads in a transaction only, where data_version and the rows are one snapshot.
    const keepsEnds = this.db.inTransaction;
    let key: string | undefined;
    let after: number | undefined;
    if (offset > 0 && keepsEnds) {
      this.checkCaches();
      key = pageKey(workspaceId, type, where);
      after = this.pageEnds.get(key)?.get(offset);
    }
    const rows = (
      after === undefined
        ? this.listStatement(type, where?.sql, undefined).all(workspaceId, ...whereParams, limit, offset)
        : this.continuedStatement(type, where?.sql).all(workspaceId, after, ...whereParams, limit)
    ) as ListedRow[];
    // Only a full page may have a next one (a lookup by userName, one row of a page of 100, has none).
    if (rows.length === limit && limit > 0 && keepsEnds) {
      if (key === undefined) {
        this.checkCaches();
        key = pageKey(workspaceId, type, where);
      }
      let ends = this.pageEnds.get(key);
      if (!ends) {
        if (this.pageEnds.size >= 64) this.pageEnds.clear();
        ends = new Map();
        this.pageEnds.set(key, ends);
      }
      if (ends.size >= 100_000) ends.clear();
      ends.set(offset + rows.length, rows[rows.length - 1]!.seq);
    }
    return rows;
  }

  /**
   * list()'s statement for a filter and sort, found by their (short) SQL: the whole statement's text,
   * built and hashed for the statement cache on every request, cost more than finding it this way.
   */
  private listStatement(type: ResourceTypeName, where: string | undefined, order: string | undefined): Statement {
    const key = `${type}\u0000${where ?? ''}\u0000${order ?? ''}`;
    let statement = this.listStatements.get(key);
    if (!statement) {
      const filter = where !== undefined ? ` AND (${where})` : '';
      // A sort key comes first; creation order (seq) settles its ties and is the order without one.
      const orderBy = order !== undefined ? `${order}, r.seq` : 'r.seq';
      statement = this.prepared(
        `SELECT ${LIST_COLUMNS} FROM resources r WHERE r.workspace_id = ? AND r.resource_type = ${TYPE_LITERAL[type]}${filter} ORDER BY ${orderBy} LIMIT (? + 0) OFFSET ?`,
      );
      if (this.listStatements.size >= 256) this.listStatements.clear();
      this.listStatements.set(key, statement);
    }
    return statement;
  }

  /** The page in creation order after the row whose seq is bound second: the same rows OFFSET would skip to. */
  private continuedStatement(type: ResourceTypeName, where: string | undefined): Statement {
    const key = `${type}\u0000${where ?? ''}`;
    let statement = this.continuedStatements.get(key);
    if (!statement) {
      const filter = where !== undefined ? ` AND (${where})` : '';
      statement = this.prepared(
        `SELECT ${LIST_COLUMNS} FROM resources r WHERE r.workspace_id = ? AND r.resource_type = ${TYPE_LITERAL[type]} AND r.seq > ?${filter} ORDER BY r.seq LIMIT (? + 0)`,
      );
      if (this.continuedStatements.size >= 256) this.continuedStatements.clear();
      this.continuedStatements.set(key, statement);
    }
    return statement;
  }

  count(workspaceId: number, type: ResourceTypeName, where: SqlFragment | undefined): number {
    const filter = where ? ` AND (${where.sql})` : '';
    const sql = `SELECT count(*) AS n FROM resources r WHERE r.workspace_id = ? AND r.resource_type = ${TYPE_LITERAL[type]}${filter}`;
    const params = [workspaceId, ...(where?.params ?? [])];
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    this.checkCaches();
    const cached = this.counts.get(key);
    if (cached !== undefined) return cached;
    const n = (this.prepared(sql).get(...params) as { n: number }).n;
    if (this.counts.size >= 64) this.counts.clear();
    this.counts.set(key, n);
    return n;
  }

  /**
   * Empties the counts and page ends when a write here or another connection's commit may have
   * changed what they say. data_version is read before the query it guards, in its transaction:
   * a commit after it moves the version the next check reads.
   */
  private checkCaches(): void {
    const version = this.statements.dataVersion.get() as number;
    if (version === this.cachedVersion && this.writes === this.cachedWrites) return;
    this.counts.clear();
    this.pageEnds.clear();
    this.cachedVersion = version;
    this.cachedWrites = this.writes;
  }

  /** After resources changed without this store: a deleted workspace's rows went with it (and a new one may take its id). */
  forgetCaches(): void {
    this.writes++;
  }

  /** Resource types of the given ids that exist in the workspace (missing ids are absent from the map). */
  typesOf(workspaceId: number, ids: string[]): Map<string, ResourceTypeName> {
    const rows = this.statements.typesOf.all(workspaceId, JSON.stringify(ids)) as { id: string; resource_type: ResourceTypeName }[];
    return new Map(rows.map((row) => [row.id, row.resource_type]));
  }

  members(workspaceId: number, groupId: string): MemberRow[] {
    return this.statements.members.all(workspaceId, groupId) as MemberRow[];
  }

  /** Groups of many users in one query, for list pages. */
  groupsOf(workspaceId: number, memberIds: string[]): Map<string, GroupRefRow[]> {
    const byMember = new Map<string, GroupRefRow[]>();
    if (memberIds.length === 0) return byMember;
    const rows =
      memberIds.length === 1
        ? this.statements.groupsOfOne.all(workspaceId, memberIds[0])
        : this.statements.groupsOf.all(workspaceId, JSON.stringify(memberIds));
    for (const row of rows as GroupRefRow[]) {
      const list = byMember.get(row.member_id) ?? [];
      list.push(row);
      byMember.set(row.member_id, list);
    }
    return byMember;
  }

  /** Adds the members a group does not have yet; returns the ids it added. */
  addMembers(workspaceId: number, groupId: string, members: { id: string; type: ResourceTypeName; extra?: string | null }[]): string[] {
    this.writes++;
    const added: string[] = [];
    for (const member of members) {
      if (this.statements.addMember.run(workspaceId, groupId, member.id, member.type, member.extra ?? null).changes > 0) added.push(member.id);
    }
    return added;
  }

  /** Removes the given members; returns the ids that were members. */
  removeMembers(workspaceId: number, groupId: string, ids: string[]): string[] {
    this.writes++;
    return this.statements.removeMembers.all(workspaceId, groupId, JSON.stringify(ids)) as string[];
  }

  removeAllMembers(workspaceId: number, groupId: string): string[] {
    this.writes++;
    return this.statements.removeAllMembers.all(workspaceId, groupId) as string[];
  }
}
