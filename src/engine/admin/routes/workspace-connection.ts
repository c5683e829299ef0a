import type { FastifyPluginAsync } from 'fastify';
import type { WorkspaceConnectionResponse } from '../../../shared/admin-api';
import { scimPathOf, type WorkspaceStore } from '../../store/workspaces';
import type { TunnelManager } from '../../tunnels/tunnel-manager';
import { AdminError } from '../admin-error';

export interface WorkspaceConnectionRoutesOptions {
  workspaces: WorkspaceStore;
  /** The SCIM listener's base URL (default workspace), whose origin every workspace's URL starts with. */
  scimBaseUrl?: string;
  /** The engine's tunnel, for the public URL of each workspace while it is online. */
  tunnels?: TunnelManager;
}

/** What to paste into an IdP for one workspace: its SCIM base URL here and, while a tunnel is online, through it; its token. */
export const workspaceConnectionRoutes: FastifyPluginAsync<WorkspaceConnectionRoutesOptions> = async (app, { workspaces, scimBaseUrl, tunnels }) => {
  app.get<{ Params: { slug: string } }>(
    '/workspaces/:slug/connection',
    { schema: { params: { type: 'object', properties: { slug: { type: 'string', maxLength: 64 } }, required: ['slug'] } } },
    async (request): Promise<WorkspaceConnectionResponse> => {
      const workspace = workspaces.find(request.params.slug);
      if (!workspace) throw AdminError.notFound(`No workspace named "${request.params.slug}".`);
      const path = scimPathOf(workspace.slug);
      const tunnel = tunnels?.state;
      return {
        slug: workspace.slug,
        name: workspace.name,
        ...(scimBaseUrl && { scimBaseUrl: `${new URL(scimBaseUrl).origin}${path}` }),
        ...(tunnel?.state === 'online' && tunnel.publicOrigin && { publicScimBaseUrl: `${tunnel.publicOrigin}${path}` }),
        token: workspace.token,
      };
    },
  );
};
