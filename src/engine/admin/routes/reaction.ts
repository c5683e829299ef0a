import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ReactionTimeline } from '../../../shared/reaction';
import type { RecordingStore } from '../../store/recordings';
import type { WorkspaceStore } from '../../store/workspaces';
import type { ReactionService } from '../../reaction/reaction-service';
import { AdminError } from '../admin-error';
import { IdParams, QueryToken, Slug } from '../schema-parts';

const LimitQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })), token: QueryToken });

/**
 * The IdP's reaction (engine/reaction): the operations an IdP repeated after failing answers, with
 * their waits, outcome and follow-ups, per session and per resource.
 */
export const reactionRoutes: FastifyPluginAsyncTypebox<{ recordings: RecordingStore; workspaces: WorkspaceStore }> = async (
  app,
  { recordings, workspaces },
) => {
  // Loaded, with its prepared statements, when the inspector first asks: `serve` starts without it.
  let loaded: Promise<ReactionService> | undefined;
  const reactions = () => (loaded ??= import('../../reaction/reaction-service').then(({ ReactionService }) => new ReactionService(recordings)));

  app.get('/sessions/:id/reaction', { schema: { params: IdParams, querystring: LimitQuery } }, async (request): Promise<ReactionTimeline> => {
    if (!recordings.sessionExists(request.params.id)) throw AdminError.notFound(`No session ${request.params.id}.`);
    return (await reactions()).session(request.params.id, request.query.limit);
  });

  app.get(
    '/workspaces/:slug/resources/:id/reaction',
    { schema: { params: Type.Object({ slug: Slug, id: Type.String({ minLength: 1, maxLength: 256 }) }), querystring: LimitQuery } },
    async (request): Promise<ReactionTimeline> => {
      if (!workspaces.find(request.params.slug)) throw AdminError.notFound(`No workspace named "${request.params.slug}".`);
      return (await reactions()).resource(request.params.slug, request.params.id, request.query.limit);
    },
  );
};
