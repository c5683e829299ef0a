/** The traffic list's scope as the pickers set it (see store/scope.ts). */
export interface PickedScope {
  session?: number;
  workspace?: string;
  onlyWorkspace: boolean;
}

/**
 * The session and workspace the engine is asked for. A `session:` or `workspace:` typed in the
 * search box says where to look, so it replaces the pickers' choice instead of being ANDed with it
 * (which would find nothing whenever they differ).
 */
export function scopeFor(scope: PickedScope, typed: { session: boolean; workspace: boolean }): { session?: number; workspace?: string } {
  return {
    session: typed.session ? undefined : scope.session,
    workspace: typed.workspace || !scope.onlyWorkspace ? undefined : scope.workspace,
  };
}
