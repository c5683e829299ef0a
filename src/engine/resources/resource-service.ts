import { randomUUID } from 'node:crypto';
import { ScimError } from '../scim/errors';
import { matchesValueFilter } from '../scim/filter/evaluate';
import { parseFilter } from '../scim/filter/parse';
import { compileSort } from '../scim/filter/sort-to-sql';
import { compileFilter } from '../scim/filter/to-sql';
import { normalizePatchResult, normalizeResource, type MemberValue, type ScimDocument } from '../scim/normalize';
import { ACCEPT_EVERYTHING, type InputRules } from '../compat/input-rules';
import { applyPatch, parsePatchRequest, type MemberOp } from '../scim/patch';
import { keepImmutable } from '../scim/immutable';
import { mayReturn, parseProjection, project, type Projection } from '../scim/projection';
import { schemasWithExtensions } from '../scim/schemas/custom-extensions';
import type { ResourceSchemas, ResourceTypeName } from '../scim/schemas/types';
import { URN } from '../scim/urns';
import { foldCase } from '../store/database';
import { resourceSqlMap } from '../store/resource-sql-map';
import type { GroupRefRow, ResourceKeys, ResourceRow, ResourceStore } from '../store/resources';
import { etagOf, locationOf, toScimResource, toScimResourceJson, type Derived } from './representation';
import type { RequestNotes } from '../compat/notes';
import type { WorkspaceSettings } from '../settings/workspace-settings';
import { reprovisionPolicy, type ReprovisionPolicy } from '../settings/reprovision';
import type { ResourceChange } from '../../shared/recording';
import { MembershipDelta } from './membership-delta';
import { effectivePaging } from '../scim/paging';
import { rememberDocumentText } from '../store/document-text';

/**
 * Who is asking: the workspace the request authenticated against, the base URL it used
 * (for `meta.location`), that workspace's settings, and where the engine notes what it
 * normalised or let through (absent: defaults, notes dropped).
 */
export interface ScimContext {
  workspaceId: number;
  baseUrl: string;
  settings?: WorkspaceSettings;
  notes?: RequestNotes;
  /** Where the service reports each resource version it writes, for the recorder (absent: not recorded). */
  changes?: ResourceChange[];
}

export interface ProjectionQuery {
  attributes?: string;
  excludedAttributes?: string;
}

export interface ListQuery extends ProjectionQuery {
  filter?: string;
  /** RFC 7644 §3.4.2.3; see compileSort for the order and its errors. */
  sortBy?: string;
  sortOrder?: string;
  startIndex?: number;
  count?: number;
}

export interface ListResponse {
  schemas: [typeof URN.listResponse];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: Record<string, unknown>[];
}

export interface ResourceServiceOptions {
  /** The most resources one list page returns (advertised as filter.maxResults). */
  maxResults: number;
}

const LIST_RESPONSE_SCHEMAS = JSON.stringify([URN.listResponse]);

/** The groups of a resource that cannot be in any. */
const NO_GROUPS: ReadonlyMap<string, GroupRefRow[]> = new Map();

const EXTERNAL_ATTRIBUTES: Record<ResourceTypeName, ReadonlySet<string>> = {
  User: new Set(),
  Group: new Set(['members']),
};

/**
 * The SCIM operations on Users and Groups, as engine functions: the HTTP routes, the CLI
 * and the tests call these. Every write, with its membership changes, is one SQLite
 * transaction, so a failing request leaves no partial write behind.
 */
export class ResourceService {
  constructor(
    private readonly store: ResourceStore,
    private readonly options: ResourceServiceOptions,
  ) {}

  /** The most resources one list page returns. */
  get maxResults(): number {
    return this.options.maxResults;
  }

  create(context: ScimContext, type: ResourceTypeName, body: unknown, query: ProjectionQuery = {}) {
    const schemas = schemasOf(context, type);
    const { document, members } = normalizeResource(body, schemas, rulesOf(context));
    const id = randomUUID();
    const now = new Date().toISOString();
    return this.store.transaction(() => {
      // Okta re-POSTs a user it reactivates, with the externalId it gave before: looked up in
      // the same transaction as the write, so a concurrent POST cannot slip in between.
      const policy = type === 'User' ? reprovisionPolicy(context.settings) : 'off';
      const keys = keysOf(type, document);
      const existing =
        policy !== 'off' && keys.externalId !== null ? this.store.findByExternalId(context.workspaceId, type, keys.externalId, keys.userNameKey) : undefined;
      if (existing) return this.reprovision(context, policy, existing, document, now, query);
      const serialized = serializedDocument(document);
      this.write(() => this.store.insert(context.workspaceId, type, id, keys, serialized, now), type, document);
      const delta = new MembershipDelta();
      if (members?.length) delta.added(this.addMembers(context, id, members));
      this.store.touchUsers(context.workspaceId, delta.changedIds(), now);
      context.changes?.push({ resourceType: type, resourceId: id, before: null, after: document, ...delta.toChange() });
      const written: ResourceRow = { id, resource_type: type, ...storedKeys(keys), document: serialized, version: 1, created: now, last_modified: now };
      // A user created just now belongs to no group yet (a membership names an existing member): nothing to look up.
      return this.serveOne(context, type, id, query, written, NO_GROUPS);
    });
  }

  /**
   * A POST of a user whose externalId is `existing`'s (the store prefers the one with the same
   * userName). Only the same person comes back: with another userName, the externalId is all
   * they share (Microsoft's reference tests send one for every user), and relinking would
   * overwrite someone else, so it is refused. `relink` replaces the returning user's document,
   * keeping id and created, and reactivates it unless the body says `active: false`; its group
   * memberships live in their own rows and so stay. `conflict` refuses, naming the user to look at.
   */
  private reprovision(context: ScimContext, policy: ReprovisionPolicy, existing: ResourceRow, document: ScimDocument, now: string, query: ProjectionQuery) {
    const externalId = String(document.externalId);
    const before = storedDocument(existing);
    const existingUserName = String(before.userName);
    if (existing.user_name_key !== keysOf('User', document).userNameKey) {
      throw ScimError.conflict(
        `User ${existing.id} (userName "${existingUserName}") already has externalId "${externalId}" in this workspace; ` +
          `this POST is for userName "${String(document.userName)}", another person, so it is not relinked to that user. ` +
          'Give each user its own externalId, or set the workspace\'s reprovision setting to "off" if externalIds here are not unique.',
      );
    }
    if (policy === 'conflict') {
      throw ScimError.conflict(`User ${existing.id} (userName "${existingUserName}") already has externalId "${externalId}" in this workspace.`);
    }
    const relinked: ScimDocument = document.active === undefined ? { ...document, active: true } : document;
    this.write(() => this.store.update(context.workspaceId, existing, keysOf('User', relinked), serializedDocument(relinked), now), 'User', relinked);
    context.changes?.push({ resourceType: 'User', resourceId: existing.id, before, after: relinked });
    context.notes?.relinked(
      'reprovisioned',
      `POST matched user ${existing.id} by externalId "${externalId}": its document was replaced${relinked.active === true ? ' and it is active' : ''}.`,
    );
    return this.serveOne(context, 'User', existing.id, query);
  }

  get(context: ScimContext, type: ResourceTypeName, id: string, query: ProjectionQuery = {}) {
    return this.store.read(() => this.serveOne(context, type, id, query));
  }

  /**
   * get()'s answer as the JSON text JSON.stringify would make of it (see listJson), with its
   * `meta.version` for the ETag (undefined when a projection left meta out).
   */
  getJson(context: ScimContext, type: ResourceTypeName, id: string, query: ProjectionQuery = {}): { json: string; version?: string } {
    return this.store.read(() => {
      const row = this.requireRow(context, type, id);
      const projection = parseProjection(schemasOf(context, type), query.attributes, query.excludedAttributes);
      if (projection.attributes.length > 0 || projection.excluded.length > 0) {
        const resource = this.serveRows(context, type, [row], projection)[0]!;
        return { json: JSON.stringify(resource), version: (resource.meta as { version?: string } | undefined)?.version };
      }
      return { json: this.serveRowsJson(context, type, [row], projection)[0]!, version: etagOf(row.version) };
    });
  }

  list(context: ScimContext, type: ResourceTypeName, query: ListQuery): ListResponse {
    const { totalResults, startIndex, Resources } = this.page(context, type, query, (rows, projection) => this.serveRows(context, type, rows, projection));
    return { schemas: [URN.listResponse], totalResults, startIndex, itemsPerPage: Resources.length, Resources };
  }

  /**
   * list()'s answer as the JSON text JSON.stringify would make of it, for the HTTP layer: without a
   * projection, each resource's text is built from its stored text (representation.ts,
   * toScimResourceJson) rather than parsed and serialised again.
   */
  listJson(context: ScimContext, type: ResourceTypeName, query: ListQuery): string {
    const { totalResults, startIndex, Resources } = this.page(context, type, query, (rows, projection) => this.serveRowsJson(context, type, rows, projection));
    return `{"schemas":${LIST_RESPONSE_SCHEMAS},"totalResults":${totalResults},"startIndex":${startIndex},"itemsPerPage":${Resources.length},"Resources":[${Resources.join(',')}]}`;
  }

  private page<T>(context: ScimContext, type: ResourceTypeName, query: ListQuery, serve: (rows: ResourceRow[], projection: Projection) => T[]) {
    const schemas = schemasOf(context, type);
    const map = resourceSqlMap(type, { baseUrl: context.baseUrl });
    // Bare filter values (`userName eq jane`) are the workspace mode's call; without notes
    // (engine callers, tests) they are accepted.
    const acceptUnquoted = (detail: string) => rulesOf(context).acceptHabit('unquotedFilterValue', detail);
    const where = query.filter === undefined ? undefined : compileFilter(parseFilter(query.filter, { acceptUnquoted }), schemas, map);
    const order = compileSort(query.sortBy, query.sortOrder, schemas, map);
    // RFC 7644 §3.4.2.4: startIndex below 1 means 1; a negative count means 0.
    const { startIndex, count } = effectivePaging(query, this.options.maxResults);
    const projection = parseProjection(schemas, query.attributes, query.excludedAttributes);
    const offset = startIndex - 1;
    // One read transaction: totalResults, the page and the groups come from one snapshot (a
    // write in between cannot make them disagree), and SQLite takes its locks once, not per query.
    return this.store.read(() => {
      // effectivePaging keeps startIndex exact (at most 2^53 - 1), which SQLite's 64-bit OFFSET
      // holds; the guard stays so that no caller can hand it an inexact double.
      const rows = count === 0 || !Number.isSafeInteger(offset) ? [] : this.store.list(context.workspaceId, type, where, offset, count, order);
      // A short page that is not past the end is the last one, so it tells the total: a lookup
      // by userName needs no count(*), which walks every match (~7 ms for 100,000 users).
      const isLastPage = rows.length < count && (rows.length > 0 || offset === 0);
      const totalResults = isLastPage ? offset + rows.length : this.store.count(context.workspaceId, type, where);
      return { totalResults, startIndex, Resources: serve(rows, projection) };
    });
  }

  /** PUT: the body replaces the resource (RFC 7644 §3.5.1); for a Group, omitted `members` means none. */
  replace(context: ScimContext, type: ResourceTypeName, id: string, body: unknown, ifMatch?: string, query: ProjectionQuery = {}) {
    const schemas = schemasOf(context, type);
    const normalized = normalizeResource(body, schemas, rulesOf(context));
    const { members } = normalized;
    return this.store.transaction(() => {
      const row = this.requireRow(context, type, id, ifMatch);
      const before = storedDocument(row);
      const document = keepImmutable(before, normalized.document, schemas);
      const now = new Date().toISOString();
      const keys = keysOf(type, document);
      const serialized = serializedDocument(document);
      this.write(() => this.store.update(context.workspaceId, row, keys, serialized, now), type, document);
      const delta = new MembershipDelta();
      if (type === 'Group') {
        delta.removed(this.store.removeAllMembers(context.workspaceId, id));
        if (members?.length) delta.added(this.addMembers(context, id, members));
        this.store.touchUsers(context.workspaceId, delta.changedIds(), now);
      }
      context.changes?.push({ resourceType: type, resourceId: id, before, after: document, ...delta.toChange() });
      return this.serveOne(context, type, id, query, nextVersion(row, keys, serialized, now));
    });
  }

  /**
   * PATCH (RFC 7644 §3.5.2). With `withoutBody` the answer is only the new `meta.version` and
   * `meta.location`, for a 204: the resource (a group's members above all) is not loaded at all.
   */
  patch(
    context: ScimContext,
    type: ResourceTypeName,
    id: string,
    body: unknown,
    ifMatch?: string,
    query: ProjectionQuery = {},
    withoutBody = false,
  ): Record<string, unknown> {
    return this.patchRow(context, type, id, body, ifMatch, (written, schemas) =>
      withoutBody
        ? { meta: { version: etagOf(written.version), location: locationOf(context.baseUrl, schemas.resourceType, id) } }
        : this.serveOne(context, type, id, query, written),
    );
  }

  /**
   * patch()'s answer for the HTTP layer: the resource as the JSON text JSON.stringify would make of
   * it, built from the text just written (see toScimResourceJson) rather than parsed and serialised
   * again, with its ETag and location; `json` is absent with `withoutBody`.
   */
  patchJson(
    context: ScimContext,
    type: ResourceTypeName,
    id: string,
    body: unknown,
    ifMatch?: string,
    query: ProjectionQuery = {},
    withoutBody = false,
  ): { json?: string; version?: string; location: string } {
    return this.patchRow(context, type, id, body, ifMatch, (written, schemas) => {
      const location = locationOf(context.baseUrl, schemas.resourceType, id);
      if (withoutBody) return { version: etagOf(written.version), location };
      const projection = parseProjection(schemas, query.attributes, query.excludedAttributes);
      if (projection.attributes.length > 0 || projection.excluded.length > 0) {
        const resource = this.serveRows(context, type, [written], projection)[0]!;
        // A projection may leave meta out: then there is no ETag to send either.
        return { json: JSON.stringify(resource), version: (resource.meta as { version?: string } | undefined)?.version, location };
      }
      return { json: this.serveRowsJson(context, type, [written], projection)[0]!, version: etagOf(written.version), location };
    });
  }

  /** A PATCH's work in its transaction; `answer` makes the response from the row as written. */
  private patchRow<T>(
    context: ScimContext,
    type: ResourceTypeName,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    answer: (written: ResourceRow, schemas: ResourceSchemas) => T,
  ): T {
    const schemas = schemasOf(context, type);
    const operations = parsePatchRequest(body, rulesOf(context));
    return this.store.transaction(() => {
      const row = this.requireRow(context, type, id, ifMatch);
      const current = storedDocument(row);
      const result = applyPatch(current, operations, schemas, { externalAttributes: EXTERNAL_ATTRIBUTES[type], rules: rulesOf(context) });
      const { document } = normalizePatchResult(current, result.document, schemas, rulesOf(context));
      const serialized = serializedDocument(document);
      const delta = this.applyMemberOps(context, id, result.memberOps, schemas);
      const now = new Date().toISOString();
      this.store.touchUsers(context.workspaceId, delta.changedIds(), now);
      // The row as the write leaves it (version + 1, as update and touch set it), so it is not read back.
      let written = row;
      if (serialized !== row.document) {
        const keys = keysOf(type, document);
        this.write(() => this.store.update(context.workspaceId, row, keys, serialized, now), type, document);
        written = nextVersion(row, keys, serialized, now);
      } else if (delta.touched) {
        this.store.touch(context.workspaceId, id, now);
        written = { ...row, version: row.version + 1, last_modified: now };
      }
      if (written !== row) {
        context.changes?.push({ resourceType: type, resourceId: id, before: current, after: document, ...delta.toChange() });
      }
      return answer(written, schemas);
    });
  }

  delete(context: ScimContext, type: ResourceTypeName, id: string, ifMatch?: string): void {
    this.store.transaction(() => {
      const row = this.requireRow(context, type, id, ifMatch);
      this.store.delete(context.workspaceId, type, id, new Date().toISOString());
      context.changes?.push({ resourceType: type, resourceId: id, before: storedDocument(row), after: null });
    });
  }

  /**
   * A resource as served. Callers run it inside their transaction: a write's response then shows
   * exactly what it wrote, and SQLite does not take its locks again to read it back. (Parsing
   * the projection cannot fail, so it cannot undo a write: names no schema defines select nothing.)
   */
  private serveOne(
    context: ScimContext,
    type: ResourceTypeName,
    id: string,
    query: ProjectionQuery,
    written?: ResourceRow,
    knownGroups?: ReadonlyMap<string, GroupRefRow[]>,
  ) {
    // A write passes the row it has just written (same transaction): reading it back would find the same.
    const row = written ?? this.requireRow(context, type, id);
    const projection = parseProjection(schemasOf(context, type), query.attributes, query.excludedAttributes);
    return this.serveRows(context, type, [row], projection, knownGroups)[0]!;
  }

  /** `knownGroups`: the users' groups when the caller knows them, so they are not looked up. */
  private serveRows(
    context: ScimContext,
    type: ResourceTypeName,
    rows: ResourceRow[],
    projection: Projection,
    knownGroups?: ReadonlyMap<string, GroupRefRow[]>,
  ) {
    const resourceType = schemasOf(context, type).resourceType;
    const groupsByUser =
      type === 'User' && mayReturn(projection, 'groups')
        ? (knownGroups ??
          this.store.groupsOf(
            context.workspaceId,
            rows.map((row) => row.id),
          ))
        : undefined;
    const withMembers = type === 'Group' && mayReturn(projection, 'members');
    return rows.map((row) => {
      const derived: Derived = {};
      if (groupsByUser) derived.groups = groupsByUser.get(row.id) ?? [];
      if (withMembers) derived.members = this.store.members(context.workspaceId, row.id);
      return project(toScimResource(row, resourceType, context.baseUrl, derived), projection);
    });
  }

  /** serveRows as JSON texts; a projection asks for less than the stored text, so it is applied to objects. */
  private serveRowsJson(context: ScimContext, type: ResourceTypeName, rows: ResourceRow[], projection: Projection): string[] {
    if (projection.attributes.length > 0 || projection.excluded.length > 0) {
      return this.serveRows(context, type, rows, projection).map((resource) => JSON.stringify(resource));
    }
    const resourceType = schemasOf(context, type).resourceType;
    const groupsByUser =
      type === 'User'
        ? this.store.groupsOf(
            context.workspaceId,
            rows.map((row) => row.id),
          )
        : undefined;
    return rows.map((row) => {
      const derived: Derived = {};
      if (groupsByUser) derived.groups = groupsByUser.get(row.id) ?? [];
      if (type === 'Group') derived.members = this.store.members(context.workspaceId, row.id);
      return toScimResourceJson(row, resourceType, context.baseUrl, derived) ?? JSON.stringify(toScimResource(row, resourceType, context.baseUrl, derived));
    });
  }

  private requireRow(context: ScimContext, type: ResourceTypeName, id: string, ifMatch?: string): ResourceRow {
    const row = this.store.get(context.workspaceId, type, id);
    if (!row) throw ScimError.notFound(`${type} ${id} not found.`);
    if (ifMatch !== undefined && ifMatch.trim() !== '*' && !etagMatches(ifMatch, row.version)) {
      throw ScimError.preconditionFailed(`${type} ${id} has changed: its version is ${etagOf(row.version)}, the request expected ${ifMatch}.`);
    }
    return row;
  }

  /** Runs an insert/update, turning the database's uniqueness verdict into a SCIM 409. */
  private write(statement: () => void, type: ResourceTypeName, document: ScimDocument) {
    try {
      statement();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && type === 'User') {
        throw ScimError.conflict(`A user with userName "${String(document.userName)}" already exists in this workspace.`);
      }
      throw error;
    }
  }

  /** Adds the known members (see unknownMember); returns the ids added. */
  private addMembers(context: ScimContext, groupId: string, members: MemberValue[]): string[] {
    const ids = [...new Set(members.map((member) => member.value))];
    if (ids.includes(groupId)) throw ScimError.badRequest('invalidValue', 'A group cannot be a member of itself.');
    const types = this.store.typesOf(context.workspaceId, ids);
    const missing = ids.filter((id) => !types.has(id));
    if (missing.length > 0) {
      const detail = `No user or group with id ${missing.map((id) => `"${id}"`).join(', ')} exists in this workspace, so it cannot be a member.`;
      // Okta does not retry a group push that got a 400, so the whole group would be lost over
      // one stale member; outside strict mode the known members are stored and the rest noted.
      // Without notes (engine callers) the mode is the default, auto.
      if (context.notes?.mode === 'strict') throw ScimError.badRequest('invalidValue', detail);
      context.notes?.violation('unknownMember', detail);
    }
    const known = ids.filter((id) => types.has(id));
    const extraOf = new Map(members.filter((member) => member.extra).map((member) => [member.value, JSON.stringify(member.extra)]));
    return this.store.addMembers(
      context.workspaceId,
      groupId,
      known.map((id) => ({ id, type: types.get(id)!, extra: extraOf.get(id) })),
    );
  }

  /** Executes the membership part of a PATCH against group_members; returns what changed. */
  private applyMemberOps(context: ScimContext, groupId: string, ops: MemberOp[], schemas: ResourceSchemas): MembershipDelta {
    const delta = new MembershipDelta();
    for (const op of ops) {
      switch (op.kind) {
        case 'add':
          delta.added(this.addMembers(context, groupId, op.members));
          break;
        case 'remove':
          delta.removed(this.store.removeMembers(context.workspaceId, groupId, op.ids));
          break;
        case 'removeAll':
          delta.removed(this.store.removeAllMembers(context.workspaceId, groupId));
          break;
        case 'replace': {
          delta.removed(this.store.removeAllMembers(context.workspaceId, groupId));
          if (op.members.length > 0) delta.added(this.addMembers(context, groupId, op.members));
          break;
        }
        case 'removeWhere': {
          // A general member filter is rare (IdPs remove by `value eq`, which arrives as `remove`);
          // evaluating it over the group's members keeps one filter semantics for both paths.
          const membersAttribute = schemas.core.attributes.find((attribute) => attribute.name === 'members')!;
          const ids = this.store
            .members(context.workspaceId, groupId)
            .filter((member) =>
              matchesValueFilter({ value: member.member_id, type: member.member_type, display: member.display ?? undefined }, op.filter, membersAttribute),
            )
            .map((member) => member.member_id);
          // Removing members that are already gone is not an error: IdPs retry removals.
          delta.removed(this.store.removeMembers(context.workspaceId, groupId, ids));
          break;
        }
      }
    }
    return delta;
  }
}

/** The workspace's rules for input, noting each verdict on the request; engine callers without notes accept all. */
function rulesOf(context: ScimContext): InputRules {
  return context.notes ?? ACCEPT_EVERYTHING;
}

/** The schemas a workspace's resources of `type` follow: the built-ins plus the extensions it declares. */
function schemasOf(context: ScimContext, type: ResourceTypeName): ResourceSchemas {
  return schemasWithExtensions(type, context.settings?.extensions ?? []);
}

function keysOf(type: ResourceTypeName, document: ScimDocument): ResourceKeys {
  const userName = textOrNull(document.userName);
  const displayName = textOrNull(document.displayName);
  return {
    userNameKey: type === 'User' && userName !== null ? foldCase(userName) : null,
    // Only groups are found by displayName through its column (see the store's migration 2).
    displayNameKey: type === 'Group' && displayName !== null ? foldCase(displayName) : null,
    externalId: textOrNull(document.externalId),
  };
}

const textOrNull = (value: unknown) => (typeof value === 'string' ? value : null);

/** If-Match may list several ETags, weak or strong; the version number is what we compare. */
function etagMatches(header: string, version: number): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
    .includes(String(version));
}

/**
 * A row's document, parsed. Every stored document is JSON.stringify's text (see serializedDocument),
 * so that text is the parsed document's too: the recorder stores it as a version's `before` as it is.
 */
function storedDocument(row: ResourceRow): ScimDocument {
  const document = JSON.parse(row.document) as ScimDocument;
  rememberDocumentText(document, row.document);
  return document;
}

/** The text a document is stored as, remembered for the recorder (its version's `after`). */
function serializedDocument(document: ScimDocument): string {
  const text = JSON.stringify(document);
  rememberDocumentText(document, text);
  return text;
}

const storedKeys = (keys: ResourceKeys) => ({ user_name_key: keys.userNameKey, display_name_key: keys.displayNameKey, external_id: keys.externalId });

/** `row` after ResourceStore.update: the new keys and document, the version one up, modified now. */
const nextVersion = (row: ResourceRow, keys: ResourceKeys, document: string, now: string): ResourceRow => ({
  ...row,
  ...storedKeys(keys),
  document,
  version: row.version + 1,
  last_modified: now,
});
