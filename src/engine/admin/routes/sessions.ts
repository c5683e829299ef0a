import type { FastifyPluginAsync } from 'fastify';
import type { SessionListResponse } from '../../../shared/admin-api';
import type { SessionSummary } from '../../../shared/recording';
import type { RecordingStore } from '../../store/recordings';
import { AdminError } from '../admin-error';

const idParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } as const;
const nameBody = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['name'],
  additionalProperties: false,
} as const;

/** Sessions group recordings: list, start a new one (it receives the next exchanges), rename, clear, delete. */
export const sessionRoutes: FastifyPluginAsync<{ recordings: RecordingStore }> = async (app, { recordings }) => {
  const existing = (id: number): SessionSummary => {
    const session = recordings.session(id);
    if (!session) throw AdminError.notFound(`No session ${id}.`);
    return session;
  };

  app.get('/sessions', async (): Promise<SessionListResponse> => recordings.sessions());

  app.post<{ Body: { name: string } }>('/sessions', { schema: { body: nameBody } }, async (request, reply) =>
    reply.code(201).send(recordings.startSession(request.body.name.trim() || 'Session')),
  );

  app.patch<{ Params: { id: number }; Body: { name: string } }>('/sessions/:id', { schema: { params: idParams, body: nameBody } }, async (request) => {
    existing(request.params.id);
    recordings.renameSession(request.params.id, request.body.name.trim());
    return existing(request.params.id);
  });

  app.post<{ Params: { id: number } }>('/sessions/:id/clear', { schema: { params: idParams } }, async (request) => {
    existing(request.params.id);
    return { removed: recordings.clearSession(request.params.id) };
  });

  app.delete<{ Params: { id: number } }>('/sessions/:id', { schema: { params: idParams } }, async (request, reply) => {
    existing(request.params.id);
    recordings.deleteSession(request.params.id);
    return reply.code(204).send();
  });
};
