import type {
  AppEffectResponse,
  AppRecordChange,
  AppRole,
  AppUser,
  AppViewResponse,
  MappingPreviewResponse,
  MappingProblem,
  WorkspaceMappings,
} from '../../shared/mappings';
import type { ListResponse, ResourceService, ScimContext } from '../resources/resource-service';
import { ScimError } from '../scim/errors';
import { schemasWithExtensions } from '../scim/schemas/custom-extensions';
import type { MappingStore } from '../store/mappings';
import type { RecordingStore } from '../store/recordings';
import { scimPathOf, type Workspace, type WorkspaceStore } from '../store/workspaces';
import type { WorkspaceSettings } from '../settings/workspace-settings';
import { compileMappings, type CompiledMappings } from './compile-mappings';
import { defaultMappings } from './default-mappings';
import { deriveAppUser, roleOfGroup, unusedAttributes, type IdpGroup } from './derive-app-user';

/** A mapping operation on a workspace that does not exist, or mappings that do not check out. */
export class MappingError extends Error {
  constructor(
    message: string,
    readonly problems: MappingProblem[] = [],
    readonly status = 400,
  ) {
    super(message);
  }
}

const NOT_IN_APP = '(not in the app)';
const WHOLE_VIEW_PAGE = 1000;

interface ViewFacts {
  context: ScimContext;
  groups: Map<string, IdpGroup>;
  deactivated: Set<string>;
  deleted: () => Record<string, unknown>[];
}

/** The most users a preview compares; beyond, it says how many it looked at. */
export const PREVIEW_LIMIT = 2000;
/** The most groups read to build roles (IdPs push tens, rarely thousands). */
const GROUP_LIMIT = 10_000;

/**
 * The app side of each workspace: its mappings (stored checked), the app view derived from the
 * SCIM resources through them, the preview of a change, and what one exchange did to the app.
 * Nothing here is stored but the mappings: the app view is recomputed from the resources each
 * time, so editing a rule shows its effect at once.
 */
export class MappingService {
  constructor(
    private readonly workspaces: WorkspaceStore,
    private readonly resources: ResourceService,
    private readonly store: MappingStore,
    private readonly recordings: RecordingStore,
  ) {}

  mappings(slug: string): WorkspaceMappings {
    return this.compiledFor(this.workspace(slug)).mappings;
  }

  /**
   * Refuses settings under which the workspace's stored mappings would no longer compile (an
   * extension a rule reads is taken away): the views would fall back to the default mappings, and
   * the next save from them would overwrite the team's rules with the defaults.
   */
  checkSettings(workspace: Workspace, settings: WorkspaceSettings): void {
    const stored = this.store.get(workspace.id);
    if (!stored) return;
    const { problems } = compileMappings(stored, this.userSchemas({ ...workspace, settings }));
    if (problems.length === 0) return;
    throw new MappingError(
      `These settings would leave the mappings of workspace "${workspace.slug}" unreadable (${problems.map((problem) => `${problem.where}: ${problem.message}`).join(' ')}): change the mappings first (scim-workbench mappings export, edit, mappings import).`,
      problems,
    );
  }

  /** Checks mappings against the workspace's schemas without storing them. */
  check(slug: string, input: unknown): MappingProblem[] {
    return compileMappings(input, this.userSchemas(this.workspace(slug))).problems;
  }

  save(slug: string, input: unknown): WorkspaceMappings {
    const workspace = this.workspace(slug);
    const { compiled, problems } = compileMappings(input, this.userSchemas(workspace));
    if (!compiled)
      throw new MappingError(`The mappings have ${problems.length} problem(s): ${problems.map((p) => `${p.where}: ${p.message}`).join(' ')}`, problems);
    this.store.set(workspace.id, compiled.mappings);
    return compiled.mappings;
  }

  appView(slug: string, page: { startIndex?: number; count?: number } = {}, candidate?: unknown): AppViewResponse {
    const workspace = this.workspace(slug);
    const compiled = candidate === undefined ? this.compiledFor(workspace) : this.compileOrThrow(workspace, candidate);
    const startIndex = Math.max(1, page.startIndex ?? 1);
    const count = Math.max(0, Math.min(page.count ?? 200, 1000));
    const facts = this.facts(workspace);
    return this.view(facts, compiled, this.resources.list(facts.context, 'User', { startIndex, count }), startIndex, count);
  }

  /** Every app user (the CLI's `app-view`): the groups and the lifecycle history are read once, the users page by page. */
  wholeAppView(slug: string): AppViewResponse {
    const workspace = this.workspace(slug);
    const compiled = this.compiledFor(workspace);
    const facts = this.facts(workspace);
    const pages: AppViewResponse[] = [];
    for (let startIndex = 1; ; startIndex += WHOLE_VIEW_PAGE) {
      const page = this.view(facts, compiled, this.resources.list(facts.context, 'User', { startIndex, count: WHOLE_VIEW_PAGE }), startIndex, WHOLE_VIEW_PAGE);
      pages.push(page);
      if (page.users.length < WHOLE_VIEW_PAGE || startIndex + WHOLE_VIEW_PAGE > page.totalUsers) break;
    }
    return {
      ...pages[0]!,
      startIndex: 1,
      users: pages.flatMap((page) => page.users),
      unusedAttributes: [...new Set(pages.flatMap((page) => page.unusedAttributes))].sort(),
    };
  }

  /** Which app records a mapping change would alter, and how (before it is saved). */
  preview(slug: string, candidate: unknown): MappingPreviewResponse {
    const workspace = this.workspace(slug);
    const { compiled: next, problems } = compileMappings(candidate, this.userSchemas(workspace));
    if (!next) return { problems, changed: [], compared: 0 };
    // One read of the users, the groups and the history; two derivations.
    const facts = this.facts(workspace);
    const live = this.resources.list(facts.context, 'User', { startIndex: 1, count: PREVIEW_LIMIT });
    const before = this.view(facts, this.compiledFor(workspace), live, 1, PREVIEW_LIMIT);
    const after = this.view(facts, next, live, 1, PREVIEW_LIMIT);
    // Matched by SCIM id: a lifecycle change can add or drop users (deleted ones kept suspended, or not).
    const afterById = new Map(after.users.map((user) => [user.scimId, user]));
    const beforeIds = new Set(before.users.map((user) => user.scimId));
    const changed: AppRecordChange[] = [];
    for (const old of before.users) {
      const newer = afterById.get(old.scimId);
      const changes = newer ? compareAppUsers(old, newer) : [{ what: 'status', before: old.status, after: NOT_IN_APP }];
      if (changes.length > 0) changed.push({ scimId: old.scimId, userName: old.userName, changes });
    }
    for (const added of after.users.filter((user) => !beforeIds.has(user.scimId))) {
      changed.push({ scimId: added.scimId, userName: added.userName, changes: [{ what: 'status', before: NOT_IN_APP, after: added.status }] });
    }
    return { problems: [], changed, compared: Math.max(before.users.length, after.users.length) };
  }

  /** What every view of a workspace reads besides its page of users: groups and lifecycle history (the deleted users only when asked). */
  private facts(workspace: Workspace): ViewFacts {
    const context = this.context(workspace);
    let deleted: Record<string, unknown>[] | undefined;
    return {
      context,
      groups: this.groups(context),
      deactivated: this.store.deactivatedUsers(workspace.id),
      deleted: () => (deleted ??= this.store.deletedUsers(workspace.id)),
    };
  }

  /** One page of the app view from a page of SCIM users, through the given mappings. */
  private view(facts: ViewFacts, compiled: CompiledMappings, live: ListResponse, startIndex: number, count: number): AppViewResponse {
    const users: AppUser[] = live.Resources.map((user) =>
      deriveAppUser(user, facts.groups, compiled, { wasDeactivated: facts.deactivated.has(String(user.id)), deleted: false }),
    );
    // Users deleted in the IdP stay in the app when the policy only suspends them: listed after the live ones.
    const deleted = compiled.mappings.lifecycle.onDelete === 'suspend' ? facts.deleted() : [];
    const firstDeleted = Math.max(0, startIndex - 1 - live.totalResults);
    for (const user of deleted.slice(firstDeleted, firstDeleted + (count - users.length))) {
      users.push(deriveAppUser(user, facts.groups, compiled, { wasDeactivated: true, deleted: true }));
    }
    const unused = new Set<string>();
    for (const user of live.Resources) for (const path of unusedAttributes(user, compiled)) unused.add(path);
    return {
      users,
      totalUsers: live.totalResults + deleted.length,
      startIndex,
      roles: this.roles(facts.groups, compiled.mappings),
      unusedAttributes: [...unused].sort(),
    };
  }

  /** What one recorded exchange did to the app's records, through the current mappings. */
  appEffect(exchangeId: number): AppEffectResponse {
    const exchange = this.recordings.exchange(exchangeId);
    if (!exchange) throw new MappingError(`No exchange ${exchangeId}.`, [], 404);
    const workspace = this.workspaces.find(exchange.workspace);
    if (!workspace) return { users: [], groups: [], note: `The workspace "${exchange.workspace}" no longer exists.` };
    const compiled = this.compiledFor(workspace);
    const context = this.context(workspace);
    const groups = this.groups(context);
    const result: AppEffectResponse = { users: [], groups: [] };
    // Imported sessions carry whatever their file said: only well-formed changes are read.
    const record = (value: unknown): Record<string, unknown> | null =>
      value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []);
    for (const raw of exchange.changes) {
      if (typeof raw?.resourceId !== 'string') continue;
      const change = {
        ...raw,
        before: record(raw.before),
        after: record(raw.after),
        membersAdded: ids(raw.membersAdded),
        membersRemoved: ids(raw.membersRemoved),
      };
      if (change.resourceType === 'User') {
        // Group memberships are not part of a user's document: roles use the memberships as they are now.
        const current = this.tryGet(context, change.resourceId);
        const memberships = current?.groups;
        const versions = this.recordings.versionsOf(workspace.slug, change.resourceId);
        const at = versions.findIndex((version) => version.exchangeId === exchangeId);
        const deactivatedBefore = versions.slice(0, at === -1 ? versions.length : at).some((version) => version.after?.active === false);
        const side = (document: Record<string, unknown> | null, wasDeactivated: boolean) =>
          document === null
            ? null
            : deriveAppUser({ ...document, id: change.resourceId, ...(memberships !== undefined && { groups: memberships }) }, groups, compiled, {
                wasDeactivated,
                deleted: false,
              });
        const after =
          change.after === null && compiled.mappings.lifecycle.onDelete === 'suspend' && change.before
            ? deriveAppUser({ ...change.before, id: change.resourceId }, groups, compiled, { wasDeactivated: true, deleted: true })
            : side(change.after, deactivatedBefore || change.after?.active === false);
        result.users.push({
          scimId: change.resourceId,
          before: side(change.before, deactivatedBefore),
          after,
          unusedAttributes: change.after ? unusedAttributes(change.after, compiled) : [],
        });
        result.note = "Roles come from the user's group memberships as they are now.";
      } else {
        const role = (document: Record<string, unknown> | null) => {
          if (!document) return null;
          const group: IdpGroup = {
            id: change.resourceId,
            displayName: String(document.displayName ?? ''),
            ...(typeof document.externalId === 'string' && { externalId: document.externalId }),
          };
          return roleOfGroup(group, compiled.mappings)?.role ?? null;
        };
        const names = (ids: string[] | undefined) => (ids ?? []).map((id) => String(this.tryGet(context, id)?.userName ?? id));
        result.groups.push({
          scimId: change.resourceId,
          role: { before: role(change.before), after: role(change.after) },
          membersAdded: names(change.membersAdded),
          membersRemoved: names(change.membersRemoved),
        });
      }
    }
    return result;
  }

  private workspace(slug: string): Workspace {
    const workspace = this.workspaces.find(slug);
    if (!workspace) throw new MappingError(`No workspace named "${slug}".`, [], 404);
    return workspace;
  }

  private userSchemas(workspace: Workspace) {
    return schemasWithExtensions('User', workspace.settings.extensions);
  }

  private compiledFor(workspace: Workspace): CompiledMappings {
    const stored = this.store.get(workspace.id);
    const { compiled } = compileMappings(stored ?? defaultMappings(), this.userSchemas(workspace));
    // Stored mappings were checked when saved; if the workspace's extensions changed since and a
    // path no longer resolves, the defaults stand in rather than failing every view.
    return compiled ?? compileMappings(defaultMappings(), this.userSchemas(workspace)).compiled!;
  }

  private compileOrThrow(workspace: Workspace, input: unknown): CompiledMappings {
    const { compiled, problems } = compileMappings(input, this.userSchemas(workspace));
    if (!compiled) throw new MappingError('The mappings have problems.', problems);
    return compiled;
  }

  private context(workspace: Workspace): ScimContext {
    return { workspaceId: workspace.id, baseUrl: `http://127.0.0.1${scimPathOf(workspace.slug)}`, settings: workspace.settings };
  }

  private groups(context: ScimContext): Map<string, IdpGroup> {
    const groups = new Map<string, IdpGroup>();
    const list = this.resources.list(context, 'Group', { count: GROUP_LIMIT, excludedAttributes: 'members' });
    for (const group of list.Resources) {
      groups.set(String(group.id), {
        id: String(group.id),
        displayName: String(group.displayName ?? ''),
        ...(typeof group.externalId === 'string' && { externalId: group.externalId }),
      });
    }
    return groups;
  }

  private roles(groups: ReadonlyMap<string, IdpGroup>, mappings: WorkspaceMappings): AppRole[] {
    const roles = new Map<string, AppRole>();
    const add = (name: string, from: string, unmapped: boolean) => {
      const role: AppRole = roles.get(name) ?? { name, from: [], unmapped };
      role.from.push(from);
      role.unmapped &&= unmapped;
      roles.set(name, role);
    };
    if (mappings.defaultRole) add(mappings.defaultRole, 'default role', false);
    for (const group of groups.values()) {
      const role = roleOfGroup(group, mappings);
      if (role) add(role.role, `IdP group "${group.displayName}"`, role.unmapped);
    }
    return [...roles.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private tryGet(context: ScimContext, id: string): Record<string, unknown> | undefined {
    try {
      return this.resources.get(context, 'User', id) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof ScimError) return undefined;
      throw error;
    }
  }
}

function compareAppUsers(before: AppUser, after: AppUser): AppRecordChange['changes'] {
  const changes: AppRecordChange['changes'] = [];
  if (before.status !== after.status) changes.push({ what: 'status', before: before.status, after: after.status });
  const rolesBefore = [...before.roles].sort();
  const rolesAfter = [...after.roles].sort();
  if (rolesBefore.join('\n') !== rolesAfter.join('\n')) changes.push({ what: 'roles', before: rolesBefore, after: rolesAfter });
  for (const field of new Set([...Object.keys(before.fields), ...Object.keys(after.fields)])) {
    // By value: a field that is empty on one side and absent on the other did not change for the app.
    const old = before.fields[field] ?? null;
    const next = after.fields[field] ?? null;
    if (old !== next) changes.push({ what: field, before: old, after: next });
  }
  return changes;
}
