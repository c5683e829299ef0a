import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SessionVerdictSummary } from '../../../shared/verdicts';
import type { RecordingStore } from '../../store/recordings';
import { SessionVerdicts } from '../../verdicts/session-summary';
import { AdminError } from '../admin-error';
import { IdParams } from '../schema-parts';

/** GET /sessions/:id/verdicts: the session's answers judged, added up (the traffic view's summary line). */
export const verdictRoutes: FastifyPluginAsyncTypebox<{ recordings: RecordingStore }> = async (app, { recordings }) => {
  const verdicts = new SessionVerdicts(recordings.connection);
  app.get('/sessions/:id/verdicts', { schema: { params: IdParams } }, async (request): Promise<SessionVerdictSummary> => {
    if (!recordings.session(request.params.id)) throw AdminError.notFound(`No session ${request.params.id}.`);
    return verdicts.summary(request.params.id);
  });
};
