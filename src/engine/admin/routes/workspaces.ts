import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ResourceListResponse, ResourceVersionEntry, TokenResponse, VersionDiffResponse, WorkspaceSummary } from '../../../shared/admin-api';
import { diffDocuments } from '../../recorder/diff';
import type { ResourceService, ScimContext } from '../../resources/resource-service';
import type { RecordingStore } from '../../store/recordings';
import { DEFAULT_WORKSPACE, scimPathOf, type Workspace, type WorkspaceStore } from '../../store/workspaces';
import { AdminError } from '../admin-error';
import { Id, QueryToken, Slug, SlugParams, Strict } from '../schema-parts';
import { pick, resourceNames } from '../../store/resource-names';
import { versionSummary } from '../../recorder/version-summary';
import type { WorkspaceSettings } from '../../settings/workspace-settings';
import { insecureTlsWarning, type ProxySettings } from '../../../shared/proxy';
import { observedResources } from '../../proxy/observed-resources';

const proxySummary = (proxy: ProxySettings) => {
  const warning = insecureTlsWarning(proxy);
  return { upstream: proxy.upstream, ...(warning && { warning }) };
};

export interface WorkspaceRoutesOptions {
  workspaces: WorkspaceStore;
  resources: ResourceService;
  recordings: RecordingStore;
  /** The SCIM API's base URL, whose origin a listed resource's meta.location names (absent: the admin API's own host). */
  scimBaseUrl?: string;
}

const ResourceListQuery = Type.Object({
  type: Type.Enum(['User', 'Group']),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  startIndex: Type.Optional(Type.Integer({ minimum: 1 })),
  count: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  token: QueryToken,
});

/** Settings to change: their keys and values are checked by settings/workspace-settings.ts, whose messages name them. */
const SettingsBody = Type.Record(Type.String(), Type.Unknown());

/** Workspaces, their resources (searched by name), a resource's version timeline, version diffs, and token regeneration. */
export const workspaceRoutes: FastifyPluginAsyncTypebox<WorkspaceRoutesOptions> = async (app, { workspaces, resources, recordings, scimBaseUrl }) => {
  const scimOrigin = scimBaseUrl === undefined ? undefined : new URL(scimBaseUrl).origin;
  const find = (slug: string): Workspace => {
    const workspace = workspaces.find(slug);
    if (!workspace) throw AdminError.notFound(`No workspace named "${slug}".`);
    return workspace;
  };
  const scimPath = scimPathOf;

  const summary = (workspace: Workspace): WorkspaceSummary => ({
    slug: workspace.slug,
    name: workspace.name,
    scimPath: scimPath(workspace.slug),
    ...(workspace.settings.proxy && { proxy: proxySummary(workspace.settings.proxy) }),
  });

  app.get('/workspaces', async (): Promise<WorkspaceSummary[]> => workspaces.list().map(summary));

  /** The same rules as `scim-workbench workspace create`: the store's message says what a valid name is. */
  app.post(
    '/workspaces',
    {
      schema: {
        // The slug's length limit is long enough for the store's own message ("1–63 lower-case letters…") to be the one a user sees.
        body: Strict({ slug: Type.String({ maxLength: 1000 }), name: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (request, reply): Promise<WorkspaceSummary> => {
      const { slug } = request.body;
      if (workspaces.find(slug)) throw AdminError.conflict(`A workspace named "${slug}" already exists.`);
      let created: Workspace;
      try {
        created = workspaces.create(slug, request.body.name?.trim() || slug);
      } catch (error) {
        const code = String((error as { code?: unknown }).code);
        // Created meanwhile by another process sharing the database (the CLI).
        if (code === 'SQLITE_CONSTRAINT_UNIQUE') throw AdminError.conflict(`A workspace named "${slug}" already exists.`);
        if (code.startsWith('SQLITE_')) throw error;
        throw AdminError.badRequest((error as Error).message);
      }
      reply.code(201);
      return summary(created);
    },
  );

  app.delete('/workspaces/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    if (request.params.slug === DEFAULT_WORKSPACE)
      throw AdminError.badRequest(
        'The default workspace cannot be deleted: it serves /scim/v2, where IdPs connected without a workspace path send their requests.',
      );
    find(request.params.slug);
    workspaces.delete(request.params.slug);
    return reply.code(204).send();
  });

  app.get('/workspaces/:slug/resources', { schema: { params: SlugParams, querystring: ResourceListQuery } }, async (request): Promise<ResourceListResponse> => {
    const workspace = find(request.params.slug);
    const { type, q, startIndex, count } = request.query;
    // A proxy's resources live on the user's server: the list is what its answers showed.
    if (workspace.settings.proxy) return observedResources(recordings.connection, workspace.id, type, { q, startIndex, count });
    // Searching is the SCIM filter the IdPs use, so the inspector finds what they would find.
    const text = q?.trim() ? JSON.stringify(q.trim()) : undefined;
    const filter =
      text === undefined
        ? undefined
        : type === 'User'
          ? `userName co ${text} or displayName co ${text} or externalId eq ${text}`
          : `displayName co ${text} or externalId eq ${text}`;
    const context: ScimContext = {
      workspaceId: workspace.id,
      // Where the SCIM API serves the resource: the admin API is on a port of its own.
      baseUrl: `${scimOrigin ?? `http://${request.headers.host ?? '127.0.0.1'}`}${scimPath(workspace.slug)}`,
      settings: workspace.settings,
    };
    const list = resources.list(context, type, { filter, startIndex, count: count ?? 100, excludedAttributes: type === 'Group' ? 'members' : undefined });
    return { totalResults: list.totalResults, startIndex: list.startIndex, Resources: list.Resources };
  });

  app.get(
    '/workspaces/:slug/resources/:id/versions',
    { schema: { params: Type.Object({ slug: Slug, id: Type.String({ maxLength: 256 }) }) } },
    async (request): Promise<ResourceVersionEntry[]> => {
      find(request.params.slug);
      const versions = recordings.versionsOf(request.params.slug, request.params.id);
      const memberIds = versions.flatMap((version) => [...(version.membersAdded ?? []), ...(version.membersRemoved ?? [])]);
      const names = resourceNames(recordings.connection, request.params.slug, memberIds);
      return versions.map((version) => ({
        ...version,
        summary: versionSummary(version, names),
        memberNames: pick(names, [...(version.membersAdded ?? []), ...(version.membersRemoved ?? [])]),
      }));
    },
  );

  app.get('/versions/:from/diff/:to', { schema: { params: Type.Object({ from: Id, to: Id }) } }, async (request): Promise<VersionDiffResponse> => {
    const { from, to } = request.params;
    const older = recordings.version(from);
    const newer = recordings.version(to);
    if (!older || !newer) throw AdminError.notFound(`No version ${older ? to : from}.`);
    if (older.resourceId !== newer.resourceId) throw AdminError.badRequest(`Versions ${from} and ${to} belong to different resources.`);
    return { from, to, changes: diffDocuments(older.after, newer.after) };
  });

  app.get('/workspaces/:slug/settings', { schema: { params: SlugParams } }, async (request): Promise<WorkspaceSettings> => find(request.params.slug).settings);

  /** The same changes as `scim-workbench workspace configure`: a bad value is refused with its reason and nothing is stored. */
  app.patch('/workspaces/:slug/settings', { schema: { params: SlugParams, body: SettingsBody } }, async (request): Promise<WorkspaceSettings> => {
    find(request.params.slug);
    try {
      return workspaces.configure(request.params.slug, request.body).settings;
    } catch (error) {
      // The database's own failures (locked, full) are not the request's fault: the error handler says what they are.
      if (String((error as { code?: unknown }).code).startsWith('SQLITE_')) throw error;
      throw AdminError.badRequest((error as Error).message);
    }
  });

  app.post('/workspaces/:slug/token', { schema: { params: SlugParams } }, async (request): Promise<TokenResponse> => {
    find(request.params.slug);
    return { token: workspaces.setToken(request.params.slug).token };
  });
};
