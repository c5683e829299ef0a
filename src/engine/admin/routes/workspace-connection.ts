import type { FastifyPluginAsync } from 'fastify';
import type { WorkspaceConnectionResponse } from '../../../shared/admin-api';
import { AUTH_MODES, TOKEN_LIFETIME_LIMITS, type AuthSettings } from '../../../shared/auth-modes';
import { scimPathOf, type Workspace, type WorkspaceStore } from '../../store/workspaces';
import type { TunnelManager } from '../../tunnels/tunnel-manager';
import { AdminError } from '../admin-error';

export interface WorkspaceConnectionRoutesOptions {
  workspaces: WorkspaceStore;
  /** The SCIM listener's base URL (default workspace), whose origin every workspace's URL starts with. */
  scimBaseUrl?: string;
  /** The engine's tunnel, for the public URL of each workspace while it is online. */
  tunnels?: TunnelManager;
}

const slugParams = { type: 'object', properties: { slug: { type: 'string', maxLength: 64 } }, required: ['slug'] } as const;

/**
 * The auth settings the inspector may change. The shapes only: the values' own rules (a header
 * name, a username without colon) are settings/auth-settings.ts's, whose messages name them.
 */
const authBodySchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    mode: { type: 'string', enum: [...AUTH_MODES] },
    username: { type: 'string', maxLength: 1000 },
    headerName: { type: 'string', maxLength: 1000 },
    clientId: { type: 'string', maxLength: 1000 },
    tokenLifetimeSeconds: { type: 'integer', minimum: TOKEN_LIFETIME_LIMITS.min, maximum: TOKEN_LIFETIME_LIMITS.max },
  },
} as const;

/**
 * What to paste into an IdP for one workspace: its SCIM base URL here and, while a tunnel is online,
 * through it; its auth mode and secret. And the auth mode's settings, changed from Connection.
 */
export const workspaceConnectionRoutes: FastifyPluginAsync<WorkspaceConnectionRoutesOptions> = async (app, { workspaces, scimBaseUrl, tunnels }) => {
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

  app.get<{ Params: { slug: string } }>('/workspaces/:slug/connection', { schema: { params: slugParams } }, async (request) =>
    connectionOf(find(request.params.slug)),
  );

  /** The same changes as `scim-workbench workspace configure --auth …`: a bad value is refused with its reason and nothing is stored. */
  app.put<{ Params: { slug: string }; Body: Partial<AuthSettings> }>(
    '/workspaces/:slug/auth',
    { schema: { params: slugParams, body: authBodySchema } },
    async (request): Promise<WorkspaceConnectionResponse> => {
      find(request.params.slug);
      try {
        return connectionOf(workspaces.configure(request.params.slug, { auth: request.body }));
      } catch (error) {
        if (String((error as { code?: unknown }).code).startsWith('SQLITE_')) throw error;
        throw AdminError.badRequest((error as Error).message);
      }
    },
  );
};
