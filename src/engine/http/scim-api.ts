import type { FastifyPluginAsync, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { recordExchanges } from './recording';
import type { ScimContext } from '../resources/resource-service';
import { ScimError } from '../scim/errors';
import { DEFAULT_WORKSPACE } from '../store/workspaces';
import type { Workbench } from '../workbench';
import { NOTES_HEADER, notesHeaderValue, RequestNotes } from '../compat/notes';
import { SCIM_CONTENT_TYPE } from './content-type';

export { NOTES_HEADER } from '../compat/notes';
import { authenticate } from './plugins/workspace-auth';
import { discoveryRoutes } from './routes/discovery';
import { resourceRoutes } from './routes/resources';
import { searchRoutes } from './routes/search';
import { bulkRoutes } from './routes/bulk';
import { oauthTokenRoutes } from './routes/oauth-token';
import { unlabelledJson } from './plugins/unlabelled-json';
import { faultHooks } from '../faults/fault-hooks';
import { proxyForwarding } from '../proxy/proxy-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the SCIM API's onRequest hook: the authenticated workspace and the base URL the client used. */
    scim: ScimContext;
  }
  interface FastifyContextConfig {
    /** Served without a bearer token (discovery endpoints). */
    public?: boolean;
  }
}

export interface ScimApiOptions {
  workbench: Workbench;
  maxPayloadSize: number;
  /** Fixed workspace for this prefix; otherwise the `:workspace` URL parameter names it. */
  workspace?: string;
  /** False: exchanges are not recorded. Only the bench sets it, to measure what recording costs. */
  record?: boolean;
}

/**
 * One SCIM 2.0 service provider root (`/scim/v2` for the default workspace,
 * `/w/:workspace/scim/v2` for the others). Registered once per prefix.
 */
export const scimApi: FastifyPluginAsync<ScimApiOptions> = async (app, options) => {
  const { workbench } = options;
  app.decorateRequest('scim', null as unknown as ScimContext);
  const slugOf = (request: FastifyRequest) => options.workspace ?? (request.params as { workspace?: string }).workspace ?? DEFAULT_WORKSPACE;
  // First, so a request the auth hook refuses (401, unknown workspace) is recorded too: in summary,
  // as it never reached a workspace (request.scim is set only once it has).
  if (options.record !== false)
    recordExchanges(
      app,
      workbench.recorder,
      slugOf,
      (request) => request.scim != null,
      (request) => workbench.workspaces.find(slugOf(request))?.settings.auth.headerName,
    );

  // The hooks on every SCIM request are synchronous, callback-style: an async hook costs a promise
  // and a trip through the microtask queue per request, for nothing when it awaits nothing.
  // A throw in one is a rejection (fastify catches it and answers the error).
  const enter = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    reply.header('content-type', SCIM_CONTENT_TYPE);
    const slug = slugOf(request);
    const workspace = request.routeOptions.config.public ? workbench.workspaces.find(slug) : authenticate(workbench, slug, request);
    if (!workspace) throw ScimError.notFound(`No workspace named "${slug}".`);
    const prefix = slug === DEFAULT_WORKSPACE && options.workspace ? '/scim/v2' : `/w/${workspace.slug}/scim/v2`;
    request.scim = {
      workspaceId: workspace.id,
      baseUrl: `${request.protocol}://${request.host}${prefix}`,
      settings: workspace.settings,
      notes: new RequestNotes(workspace.settings.compatibility, workspace.settings.lenientSchema),
      changes: [],
    };
    done();
  };
  // A read is answered within done() when nothing on its way awaits (no body, synchronous hooks and
  // handler): its authentication and its queries then share one read transaction (readSnapshot).
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') workbench.workspaces.readSnapshot(() => enter(request, reply, done));
    else enter(request, reply, done);
  });
  faultHooks(app, workbench);

  // What the engine normalised or let through, for whoever reads the response (the recorder,
  // an engineer with curl): codes only, the details stay in the recording.
  app.addHook('onSend', (request, reply, payload, done) => {
    const notes = notesHeaderValue(request.scim?.notes?.items ?? []);
    if (notes !== undefined) reply.header(NOTES_HEADER, notes);
    done(null, payload);
  });

  // Proxy mode: a proxy workspace's requests go to its upstream from here on, after the hooks above.
  await app.register(proxyForwarding, { workbench });

  // Not wrapped in fastify-plugin: its catch-all parser applies to this prefix's routes only.
  await unlabelledJson(app);

  const { resources, recorder } = workbench;
  await app.register(resourceRoutes, { type: 'User', resources, recorder });
  await app.register(resourceRoutes, { type: 'Group', resources, recorder });
  await app.register(searchRoutes, { resources });
  await app.register(bulkRoutes, { resources, recorder });
  await app.register(discoveryRoutes, { maxResults: workbench.maxResults, maxPayloadSize: options.maxPayloadSize });
  await app.register(oauthTokenRoutes, { workbench, workspace: options.workspace });
};
