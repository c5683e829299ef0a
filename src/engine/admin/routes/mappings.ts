import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppEffectResponse, AppViewResponse, MappingPreviewResponse, MappingProblem, WorkspaceMappings } from '../../../shared/mappings';
import { MappingError, type MappingService } from '../../mappings/mapping-service';
import { MAPPING_PRESETS, applyPreset, type MappingPresetName } from '../../mappings/presets';
import { IdParams, QueryToken, Slug, SlugParams } from '../schema-parts';

export interface MappingRoutesOptions {
  mappings: MappingService;
}

/** A mappings document: its shape and rules are compile-mappings.ts's, which lists every problem with where it is. */
const MappingsBody = Type.Record(Type.String(), Type.Unknown());

/**
 * The app side of a workspace for the inspector: its mappings (checked as you type, stored only
 * when they check out), the app view they give, a preview of a change, presets, and what one
 * exchange did to the app. Problems come back as a list with where each one is.
 */
export const mappingRoutes: FastifyPluginAsyncTypebox<MappingRoutesOptions> = async (app, { mappings }) => {
  const answer = async <T>(reply: FastifyReply, work: () => T): Promise<T | { error: string; problems: MappingProblem[] }> => {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      reply.code(error.status);
      return { error: error.message, problems: error.problems };
    }
  };

  app.get('/workspaces/:slug/mappings', { schema: { params: SlugParams } }, (request, reply) =>
    answer<WorkspaceMappings>(reply, () => mappings.mappings(request.params.slug)),
  );

  app.put('/workspaces/:slug/mappings', { schema: { params: SlugParams, body: MappingsBody } }, (request, reply) =>
    answer<WorkspaceMappings>(reply, () => mappings.save(request.params.slug, request.body)),
  );

  app.post('/workspaces/:slug/mappings/check', { schema: { params: SlugParams, body: MappingsBody } }, (request, reply) =>
    answer<{ problems: MappingProblem[] }>(reply, () => ({ problems: mappings.check(request.params.slug, request.body) })),
  );

  app.post('/workspaces/:slug/mappings/preview', { schema: { params: SlugParams, body: MappingsBody } }, (request, reply) =>
    answer<MappingPreviewResponse>(reply, () => mappings.preview(request.params.slug, request.body)),
  );

  app.get(
    '/workspaces/:slug/app-view',
    {
      schema: {
        params: SlugParams,
        querystring: Type.Object({
          startIndex: Type.Optional(Type.Integer({ minimum: 1 })),
          count: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
          token: QueryToken,
        }),
      },
    },
    (request, reply) => answer<AppViewResponse>(reply, () => mappings.appView(request.params.slug, request.query)),
  );

  app.get('/mapping-presets', async () => Object.entries(MAPPING_PRESETS).map(([name, preset]) => ({ name, label: preset.label })));

  app.get(
    '/workspaces/:slug/mapping-presets/:name',
    { schema: { params: Type.Object({ slug: Slug, name: Type.Enum(Object.keys(MAPPING_PRESETS) as MappingPresetName[]) }) } },
    // The preset's attribute rules on the workspace's current groups and lifecycle: for the editor to show, not stored.
    (request, reply) => answer<WorkspaceMappings>(reply, () => applyPreset(request.params.name, mappings.mappings(request.params.slug))),
  );

  app.get('/exchanges/:id/app-effect', { schema: { params: IdParams } }, (request, reply) =>
    answer<AppEffectResponse>(reply, () => mappings.appEffect(request.params.id)),
  );
};
