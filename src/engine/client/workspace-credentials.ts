import type { ReplayAuth } from '../../shared/replay';
import { tokenEndpointOf } from '../../shared/auth-modes';
import type { Workspace } from '../store/workspaces';

/**
 * The credentials an IdP configured for this workspace would send, for the workbench's own
 * clients (simulator, check, replay against a workspace): its auth mode with its one secret.
 * `scimBaseUrl` is the workspace's SCIM base URL; the OAuth token endpoint is under it.
 */
export function workspaceCredentials(workspace: Workspace, scimBaseUrl: string): ReplayAuth {
  const auth = workspace.settings.auth;
  switch (auth.mode) {
    case 'bearer':
      return { kind: 'bearer', token: workspace.token };
    case 'basic':
      return { kind: 'basic', username: auth.username, password: workspace.token };
    case 'header':
      return { kind: 'header', name: auth.headerName, value: workspace.token };
    case 'oauth':
      return { kind: 'oauth', tokenUrl: tokenEndpointOf(scimBaseUrl), clientId: auth.clientId, clientSecret: workspace.token };
  }
}
