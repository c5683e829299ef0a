import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WorkspaceConnectionResponse } from '../../../shared/admin-api';
import { scimPathOf, type Workspace, type WorkspaceStore } from '../../store/workspaces';
import type { TunnelManager } from '../../tunnels/tunnel-manager';
import { AdminError } from '../admin-error';
import { SlugParams } from '../schema-parts';

export interface WorkspaceConnectionRoutesOptions {
  workspaces: WorkspaceStore;
  /** The SCIM listener's base URL (default workspace), whose origin every workspace's URL starts with. */
  scimBaseUrl?: string;
  /** The engine's tunnel, for the public URL of each workspace while it is online. */
  tunnels?: TunnelManager;
}

/**
 * The auth settings to change: at least one. Their keys and values are checked once, by
 * settings/auth-settings.ts's schema, whose messages name the setting (`auth.headerName`) and say
 * what it takes; a second check here would only say it in other words.
 */
const AuthBody = Type.Record(Type.String(), Type.Unknown(), { minProperties: 1 });

/**
 * What to paste into an IdP for one workspace: its SCIM base URL here and, while a tunnel is online,
 * through it; its auth mode and secret. And the auth mode's settings, changed from Connection.
 */
export const workspaceConnectionRoutes: FastifyPluginAsyncTypebox<WorkspaceConnectionRoutesOptions> = async (app, { workspaces, scimBaseUrl, tunnels }) => {
  const find = (slug: string): Workspace => {
    const workspace = workspaces.find(slug);
    if (!workspace) throw AdminError.notFound(`No workspace named "${slug}".`);
    return workspace;
  };
  const connectionOf = (workspace: Workspace): WorkspaceConnectionResponse => {
    const path = scimPathOf(workspace.slug);
    const tunnel = tunnels?.state;
    return {
      slug: workspace.slug,
      name: workspace.name,
      ...(scimBaseUrl && { scimBaseUrl: `${new URL(scimBaseUrl).origin}${path}` }),
      ...(tunnel?.state === 'online' && tunnel.publicOrigin && { publicScimBaseUrl: `${tunnel.publicOrigin}${path}` }),
      token: workspace.token,
      auth: workspace.settings.auth,
    };
  };

  app.get('/workspaces/:slug/connection', { schema: { params: SlugParams } }, async (request) => connectionOf(find(request.params.slug)));

  /** The same changes as `scim-workbench workspace configure --auth …`: a bad value is refused with its reason and nothing is stored. */
  app.put('/workspaces/:slug/auth', { schema: { params: SlugParams, body: AuthBody } }, async (request): Promise<WorkspaceConnectionResponse> => {
    find(request.params.slug);
    try {
      return connectionOf(workspaces.configure(request.params.slug, { auth: request.body }));
    } catch (error) {
      if (String((error as { code?: unknown }).code).startsWith('SQLITE_')) throw error;
      throw AdminError.badRequest((error as Error).message);
    }
  });
};
