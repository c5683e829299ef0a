// The default workspace's name and where workspaces are served, with no database code: the CLI's
// option definitions (`--workspace`'s default) and the simulator's URLs need them without the store.
export const DEFAULT_WORKSPACE = 'default';

/** Where a workspace's SCIM API is served, relative to the listener's origin. */
export function scimPathOf(slug: string): string {
  return slug === DEFAULT_WORKSPACE ? '/scim/v2' : `/w/${slug}/scim/v2`;
}
