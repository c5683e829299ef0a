/**
 * The app side of a workspace: how the IdP's SCIM resources become the app's own users, roles and
 * states (issue 8). Shared by the engine, the admin API, the CLI's mapping files and the inspector.
 */

/** Transforms, applied in this order: template (or the path's value), value map, case, default. */
export interface AttributeTransform {
  /** `{name.givenName} {name.familyName}`: SCIM paths in braces, replaced by their values. */
  template?: string;
  /** Exact value → app value (`{"Engineering": "ENG"}`); values not listed pass through. */
  valueMap?: Record<string, string>;
  case?: 'lower' | 'upper';
  /** Used when the result is empty. */
  default?: string;
}

/** A SCIM path (any PATCH-path form) → one field of the app's user record. */
export interface AttributeRule {
  /** `userName`, `name.givenName`, `emails[type eq "work"].value`, `urn:…:User:department`; optional with a template. */
  scimPath?: string;
  appField: string;
  required?: boolean;
  transform?: AttributeTransform;
}

/** An IdP group → an app role. */
export interface GroupRule {
  /** The IdP group's displayName or externalId, per matchBy (displayName compared case-insensitively). */
  idpGroup: string;
  matchBy: 'displayName' | 'externalId';
  appRole: string;
}

export interface LifecyclePolicy {
  /** What the app does when the IdP sets active=false. */
  onDeactivate: 'nothing' | 'suspend' | 'remove-user' | 'remove-role';
  /** When active=true comes back after a deactivation: restore the user, or leave it as deactivation left it. */
  onReactivate: 'restore' | 'leave';
  /** What the app does on DELETE. */
  onDelete: 'remove-user' | 'suspend';
}

export interface WorkspaceMappings {
  attributes: AttributeRule[];
  groups: GroupRule[];
  /** IdP groups no rule maps: become app roles under their own name, or are ignored. */
  unmappedGroups: 'create' | 'ignore';
  /** The role every provisioned user gets. */
  defaultRole?: string;
  lifecycle: LifecyclePolicy;
}

/** A rule the engine refused, and why: `where` is the JSON path in the mappings (`attributes[2].scimPath`). */
export interface MappingProblem {
  where: string;
  message: string;
}

export type AppUserStatus = 'active' | 'suspended' | 'removed';

/** One user as the app would hold it. */
export interface AppUser {
  /** The SCIM resource id. */
  scimId: string;
  userName: string;
  status: AppUserStatus;
  fields: Record<string, string | null>;
  roles: string[];
  /** Required fields left empty; roles created for unmapped groups; … */
  warnings: string[];
}

export interface AppRole {
  name: string;
  /** The IdP group(s) it comes from, or `default role`. */
  from: string[];
  /** True when no rule maps the group: created under its own name. */
  unmapped: boolean;
}

/** GET /api/workspaces/:slug/app-view */
export interface AppViewResponse {
  users: AppUser[];
  totalUsers: number;
  startIndex: number;
  roles: AppRole[];
  /** SCIM attributes the IdP sent that no rule reads — the usual reason "department doesn't arrive". */
  unusedAttributes: string[];
}

/** One app record a mapping change would alter. */
export interface AppRecordChange {
  scimId: string;
  userName: string;
  changes: { what: string; before: unknown; after: unknown }[];
}

/** POST /api/workspaces/:slug/mappings/preview */
export interface MappingPreviewResponse {
  problems: MappingProblem[];
  changed: AppRecordChange[];
  /** How many users were compared (the preview covers at most this many). */
  compared: number;
}

/** GET /api/exchanges/:id/app-effect — what the app record became after that request. */
export interface AppEffectResponse {
  users: { scimId: string; before: AppUser | null; after: AppUser | null; unusedAttributes: string[] }[];
  groups: { scimId: string; role: { before: string | null; after: string | null }; membersAdded: string[]; membersRemoved: string[] }[];
  /** Said once: roles are computed from the user's group memberships as they are now. */
  note?: string;
}
