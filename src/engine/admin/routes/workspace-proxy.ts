import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from 'better-sqlite3';
import { Type } from 'typebox';
import type { ProxyConfigResponse } from '../../../shared/proxy';
import { configureProxy, proxyConfigOf, proxySecretsOf, removeProxy } from '../../proxy/proxy-config';
import type { Workspace, WorkspaceStore } from '../../store/workspaces';
import { AdminError } from '../admin-error';
import { SlugParams } from '../schema-parts';

export interface WorkspaceProxyRoutesOptions {
  db: Database;
  workspaces: WorkspaceStore;
}

/**
 * The configuration to store: its values are checked by proxy/proxy-settings.ts, whose messages
 * name the setting (`proxy.upstream`); the secret is only the upstream's, and is never served back.
 */
const ProxyBody = Type.Object(
  {
    upstream: Type.String({ maxLength: 2048 }),
    auth: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    insecureTls: Type.Optional(Type.Boolean()),
    connectTimeoutMs: Type.Optional(Type.Integer()),
    timeoutMs: Type.Optional(Type.Integer()),
    observeAfterWrite: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** Proxy mode of one workspace, as the Connection view configures it: read, set, and back to local. */
export const workspaceProxyRoutes: FastifyPluginAsyncTypebox<WorkspaceProxyRoutesOptions> = async (app, { db, workspaces }) => {
  const secrets = proxySecretsOf(db);
  const find = (slug: string): Workspace => {
    const workspace = workspaces.find(slug);
    if (!workspace) throw AdminError.notFound(`No workspace named "${slug}".`);
    return workspace;
  };
  const change = (work: () => Workspace): ProxyConfigResponse => {
    try {
      return proxyConfigOf(work(), secrets);
    } catch (error) {
      // The database's own failures (locked, full) are not the request's fault: the error handler says what they are.
      if (String((error as { code?: unknown }).code).startsWith('SQLITE_')) throw error;
      throw AdminError.badRequest((error as Error).message);
    }
  };

  app.get('/workspaces/:slug/proxy', { schema: { params: SlugParams } }, async (request): Promise<ProxyConfigResponse> =>
    proxyConfigOf(find(request.params.slug), secrets),
  );

  app.put('/workspaces/:slug/proxy', { schema: { params: SlugParams, body: ProxyBody } }, async (request): Promise<ProxyConfigResponse> => {
    find(request.params.slug);
    return change(() => configureProxy(db, workspaces, request.params.slug, request.body as Parameters<typeof configureProxy>[3]));
  });

  app.delete('/workspaces/:slug/proxy', { schema: { params: SlugParams } }, async (request): Promise<ProxyConfigResponse> => {
    find(request.params.slug);
    return change(() => removeProxy(db, workspaces, request.params.slug));
  });
};
