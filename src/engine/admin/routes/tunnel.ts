import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TestConnectionResult, TunnelResponse } from '../../../shared/admin-api';
import { testConnection } from '../../simulator/test-connection';
import { workspaceCredentials } from '../../client/workspace-credentials';
import type { AppSettingsStore } from '../../store/app-settings';
import { DEFAULT_WORKSPACE, scimPathOf, type WorkspaceStore } from '../../store/workspaces';
import { createTunnel } from '../../tunnels/create-tunnel';
import { TunnelError } from '../../tunnels/tunnel';
import type { TunnelManager } from '../../tunnels/tunnel-manager';
import { TUNNEL_PROVIDERS, forgetHostKey, readTunnelSettings, sshHostName, updateTunnelSettings, viewTunnelSettings } from '../../tunnels/tunnel-settings';
import { AdminError } from '../admin-error';
import { emptyBodyAsObject, Slug, Strict, Text } from '../schema-parts';

export interface TunnelRoutesOptions {
  tunnels: TunnelManager;
  appSettings: AppSettingsStore;
  workspaces: WorkspaceStore;
  /** This machine's SCIM base URL (default workspace), for a test without a tunnel. */
  scimBaseUrl?: string;
}

const Provider = Type.Enum([...TUNNEL_PROVIDERS]);
const Optional = Type.Optional;

/** PUT /api/tunnel/settings (TunnelSettingsUpdate): each provider's section, every key optional, none unknown. */
const TunnelSettingsBody = Strict({
  provider: Optional(Provider),
  ngrok: Optional(Strict({ authtoken: Optional(Text), domain: Optional(Text), serverAddr: Optional(Text) })),
  cloudflared: Optional(Strict({ binary: Optional(Text), tunnelToken: Optional(Text), hostname: Optional(Text) })),
  ssh: Optional(
    Strict({
      address: Optional(Text),
      keyPath: Optional(Text),
      remotePort: Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()])),
      remoteBindHost: Optional(Text),
      publicUrl: Optional(Text),
      knownHostsPath: Optional(Text),
    }),
  ),
  localtunnel: Optional(Strict({ host: Optional(Text), subdomain: Optional(Text) })),
});

/**
 * The tunnel from the inspector: its settings (secrets write-only), start and stop, and the IdP's
 * test-connection request sent through the public URL. A failed start is not an API error: the
 * answer carries the `failed` status and its message, as the connection card shows it.
 */
export const tunnelRoutes: FastifyPluginAsyncTypebox<TunnelRoutesOptions> = async (app, { tunnels, appSettings, workspaces, scimBaseUrl }) => {
  const answer = (): TunnelResponse => ({ ...(tunnels.state && { status: tunnels.state }), settings: viewTunnelSettings(readTunnelSettings(appSettings)) });

  app.get('/tunnel', async (): Promise<TunnelResponse> => answer());

  app.put('/tunnel/settings', { schema: { body: TunnelSettingsBody } }, async (request): Promise<TunnelResponse> => {
    updateTunnelSettings(appSettings, request.body);
    return answer();
  });

  app.post(
    '/tunnel/start',
    { preValidation: (request) => emptyBodyAsObject(request), schema: { body: Strict({ provider: Optional(Provider) }) } },
    async (request): Promise<TunnelResponse> => {
      const settings = request.body.provider ? updateTunnelSettings(appSettings, { provider: request.body.provider }) : readTunnelSettings(appSettings);
      if (!settings.provider) throw AdminError.badRequest('Choose a tunnel provider first: ngrok, cloudflared, ssh or localtunnel.');
      let provider;
      try {
        provider = createTunnel(settings.provider, settings, appSettings);
      } catch (error) {
        // Incomplete settings (no SSH address…): said as a bad request; a running tunnel keeps running.
        if (error instanceof TunnelError) throw AdminError.badRequest(error.message);
        throw error;
      }
      // The manager records a failure as the `failed` status the answer carries.
      await tunnels.start(provider).catch((error: unknown) => {
        if (!(error instanceof TunnelError)) throw error;
      });
      return answer();
    },
  );

  // Forgets the host key pinned for the configured SSH server, once the user has checked that its
  // new key is genuine: the next start pins the key the server then offers.
  app.delete('/tunnel/ssh/host-key', async (): Promise<TunnelResponse> => {
    const host = sshHostName(readTunnelSettings(appSettings).ssh.address);
    if (!host) throw AdminError.badRequest('No SSH address is set: there is no host key to forget.');
    if (!forgetHostKey(appSettings, host)) throw AdminError.notFound(`No host key is pinned for ${host}.`);
    return answer();
  });

  app.post('/tunnel/stop', async (): Promise<TunnelResponse> => {
    await tunnels.stop();
    return answer();
  });

  app.post(
    '/tunnel/test-connection',
    {
      preValidation: (request) => emptyBodyAsObject(request),
      schema: { body: Strict({ idp: Optional(Type.Enum(['okta', 'entra'])), workspace: Optional(Slug) }) },
    },
    async (request): Promise<TestConnectionResult> => {
      const slug = request.body.workspace ?? DEFAULT_WORKSPACE;
      const workspace = workspaces.find(slug);
      if (!workspace) throw AdminError.notFound(`No workspace named "${slug}".`);
      const state = tunnels.state;
      const throughTunnel = state?.state === 'online' && Boolean(state.publicOrigin);
      const localOrigin = scimBaseUrl ? new URL(scimBaseUrl).origin : undefined;
      const origin = throughTunnel ? state!.publicOrigin! : localOrigin;
      if (!origin) throw AdminError.badRequest('No SCIM listener to test.');
      const workspaceUrl = `${origin}${scimPathOf(workspace.slug)}`;
      return testConnection({
        idp: request.body.idp ?? 'okta',
        scimBaseUrl: workspaceUrl,
        token: workspace.token,
        auth: workspaceCredentials(workspace, workspaceUrl),
        throughTunnel,
      });
    },
  );
};
