import type { AppUser, AppUserStatus, GroupRule, WorkspaceMappings } from '../../shared/mappings';
import type { CompiledMappings } from './compile-mappings';

/** What the app knows of an IdP group: enough to match group rules. */
export interface IdpGroup {
  id: string;
  displayName: string;
  externalId?: string;
}

export interface UserHistory {
  /** The user was set active=false at some point (for the reactivation policy). */
  wasDeactivated: boolean;
  /** The user was deleted in the IdP (the document is its last version). */
  deleted: boolean;
}

/** The app role an IdP group becomes: its rule's role, its own name when unmapped and created, or none. */
export function roleOfGroup(group: IdpGroup, mappings: WorkspaceMappings): { role: string; unmapped: boolean } | undefined {
  const rule = findGroupRule(group, mappings.groups);
  if (rule) return { role: rule.appRole, unmapped: false };
  return mappings.unmappedGroups === 'create' ? { role: group.displayName.trim(), unmapped: true } : undefined;
}

function findGroupRule(group: IdpGroup, rules: readonly GroupRule[]): GroupRule | undefined {
  return rules.find((rule) =>
    rule.matchBy === 'externalId'
      ? group.externalId !== undefined && rule.idpGroup === group.externalId
      : // Rule names are trimmed when saved; an IdP's group name may carry spaces around it.
        rule.idpGroup.toLowerCase() === group.displayName.trim().toLowerCase(),
  );
}

/**
 * One SCIM user as the app holds it, through the mappings: its fields, roles (from the groups it
 * is a member of) and status (from `active`, its history and the lifecycle policy).
 */
export function deriveAppUser(
  user: Record<string, unknown>,
  groups: ReadonlyMap<string, IdpGroup>,
  compiled: CompiledMappings,
  history: UserHistory = { wasDeactivated: false, deleted: false },
): AppUser {
  const { mappings } = compiled;
  const warnings: string[] = [];
  const fields: Record<string, string | null> = {};
  for (const attribute of compiled.attributes) {
    const value = attribute.read(user) ?? null;
    fields[attribute.rule.appField] = value;
    if (value === null && attribute.rule.required) {
      warnings.push(`Required field "${attribute.rule.appField}" is empty: the IdP sent nothing at ${attribute.rule.scimPath ?? attribute.paths.join(', ')}.`);
    }
  }

  const roles = new Set<string>();
  if (mappings.defaultRole) roles.add(mappings.defaultRole);
  const memberOf = Array.isArray(user.groups) ? (user.groups as { value?: string; display?: string }[]) : [];
  for (const membership of memberOf) {
    const group =
      (membership.value && groups.get(membership.value)) || (membership.display ? { id: membership.value ?? '', displayName: membership.display } : undefined);
    if (!group) continue;
    const role = roleOfGroup(group, mappings);
    if (!role) continue;
    roles.add(role.role);
    if (role.unmapped) warnings.push(`IdP group "${group.displayName}" has no rule: the app created role "${role.role}" for it.`);
  }

  const { status, keepRoles } = lifecycleState(user.active !== false, history, mappings);
  return {
    scimId: String(user.id ?? ''),
    userName: String(user.userName ?? ''),
    status,
    fields,
    roles: keepRoles ? [...roles] : [],
    warnings,
  };
}

/** The lifecycle policy applied to the user's state. */
function lifecycleState(active: boolean, history: UserHistory, mappings: WorkspaceMappings): { status: AppUserStatus; keepRoles: boolean } {
  const policy = mappings.lifecycle;
  if (history.deleted) return policy.onDelete === 'suspend' ? { status: 'suspended', keepRoles: true } : { status: 'removed', keepRoles: false };
  const deactivated = !active || (history.wasDeactivated && policy.onReactivate === 'leave');
  if (!deactivated) return { status: 'active', keepRoles: true };
  switch (policy.onDeactivate) {
    case 'nothing':
      return { status: 'active', keepRoles: true };
    case 'suspend':
      return { status: 'suspended', keepRoles: true };
    case 'remove-user':
      return { status: 'removed', keepRoles: false };
    case 'remove-role':
      return { status: 'active', keepRoles: false };
  }
}

/** Attributes that are about identity or lifecycle, not app fields: never reported as unused. */
const NOT_FIELDS = new Set(['schemas', 'id', 'meta', 'groups', 'password', 'active', 'externalid']);

/**
 * SCIM attributes present in the user that no rule reads — the usual reason "department doesn't
 * arrive". Multi-valued attributes count as one (`emails`), complex ones by sub-attribute
 * (`name.givenName`), extension attributes with their URN.
 */
export function unusedAttributes(user: Record<string, unknown>, compiled: CompiledMappings): string[] {
  const used = compiled.attributes.flatMap((attribute) => attribute.paths).map((path) => path.replace(/\[[^\]]*\]/g, '').toLowerCase());
  const isUsed = (path: string, multiValued: boolean) => {
    const lower = path.toLowerCase();
    return used.some((rule) => rule === lower || lower.startsWith(`${rule}.`) || (multiValued && rule.startsWith(`${lower}.`)));
  };
  const unused: string[] = [];
  const visit = (value: unknown, path: string, depth: number) => {
    if (value === undefined || value === null || value === '') return;
    if (Array.isArray(value)) {
      if (value.length > 0 && !isUsed(path, true)) unused.push(path);
      return;
    }
    if (typeof value === 'object' && depth < 2) {
      for (const [key, child] of Object.entries(value)) visit(child, path.startsWith('urn:') && depth === 0 ? `${path}:${key}` : `${path}.${key}`, depth + 1);
      return;
    }
    if (!isUsed(path, false)) unused.push(path);
  };
  for (const [key, value] of Object.entries(user)) {
    if (NOT_FIELDS.has(key.toLowerCase())) continue;
    visit(value, key, 0);
  }
  return unused;
}
