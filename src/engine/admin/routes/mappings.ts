import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AppEffectResponse, AppViewResponse, MappingPreviewResponse, MappingProblem, WorkspaceMappings } from '../../../shared/mappings';
import { MappingError, type MappingService } from '../../mappings/mapping-service';
import { MAPPING_PRESETS, applyPreset, type MappingPresetName } from '../../mappings/presets';
import { integerQuery } from '../integer-query';

export interface MappingRoutesOptions {
  mappings: MappingService;
}

const slugParams = { type: 'object', properties: { slug: { type: 'string', maxLength: 64 } }, required: ['slug'] } as const;
const mappingsBody = { type: 'object' } as const;

/**
 * The app side of a workspace for the inspector: its mappings (checked as you type, stored only
 * when they check out), the app view they give, a preview of a change, presets, and what one
 * exchange did to the app. Problems come back as a list with where each one is.
 */
export const mappingRoutes: FastifyPluginAsync<MappingRoutesOptions> = async (app, { mappings }) => {
  const answer = async <T>(reply: FastifyReply, work: () => T): Promise<T | { error: string; problems: MappingProblem[] }> => {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      reply.code(error.status);
      return { error: error.message, problems: error.problems };
    }
  };

  app.get<{ Params: { slug: string } }>('/workspaces/:slug/mappings', { schema: { params: slugParams } }, (request, reply) =>
    answer<WorkspaceMappings>(reply, () => mappings.mappings(request.params.slug)),
  );

  app.put<{ Params: { slug: string }; Body: unknown }>('/workspaces/:slug/mappings', { schema: { params: slugParams, body: mappingsBody } }, (request, reply) =>
    answer<WorkspaceMappings>(reply, () => mappings.save(request.params.slug, request.body)),
  );

  app.post<{ Params: { slug: string }; Body: unknown }>(
    '/workspaces/:slug/mappings/check',
    { schema: { params: slugParams, body: mappingsBody } },
    (request, reply) => answer<{ problems: MappingProblem[] }>(reply, () => ({ problems: mappings.check(request.params.slug, request.body) })),
  );

  app.post<{ Params: { slug: string }; Body: unknown }>(
    '/workspaces/:slug/mappings/preview',
    { schema: { params: slugParams, body: mappingsBody } },
    (request, reply) => answer<MappingPreviewResponse>(reply, () => mappings.preview(request.params.slug, request.body)),
  );

  app.get<{ Params: { slug: string }; Querystring: { startIndex?: number; count?: number } }>(
    '/workspaces/:slug/app-view',
    {
      preValidation: integerQuery('startIndex', 'count'),
      schema: {
        params: slugParams,
        querystring: {
          type: 'object',
          properties: { startIndex: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 0, maximum: 1000 }, token: { type: 'string' } },
        },
      },
    },
    (request, reply) => answer<AppViewResponse>(reply, () => mappings.appView(request.params.slug, request.query)),
  );

  app.get('/mapping-presets', async () => Object.entries(MAPPING_PRESETS).map(([name, preset]) => ({ name, label: preset.label })));

  app.get<{ Params: { slug: string; name: string } }>(
    '/workspaces/:slug/mapping-presets/:name',
    {
      schema: {
        params: {
          type: 'object',
          properties: { slug: { type: 'string', maxLength: 64 }, name: { type: 'string', enum: Object.keys(MAPPING_PRESETS) } },
          required: ['slug', 'name'],
        },
      },
    },
    // The preset's attribute rules on the workspace's current groups and lifecycle: for the editor to show, not stored.
    (request, reply) => answer<WorkspaceMappings>(reply, () => applyPreset(request.params.name as MappingPresetName, mappings.mappings(request.params.slug))),
  );

  app.get<{ Params: { id: number } }>(
    '/exchanges/:id/app-effect',
    { schema: { params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } } },
    (request, reply) => answer<AppEffectResponse>(reply, () => mappings.appEffect(request.params.id)),
  );
};
