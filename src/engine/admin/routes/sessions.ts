import { Readable } from 'node:stream';
import { idParamsSchema } from '../schema-parts';
import type { FastifyPluginAsync } from 'fastify';
import type { SessionListResponse } from '../../../shared/admin-api';
import type { SessionSummary } from '../../../shared/recording';
import type { RecordingStore } from '../../store/recordings';
import { AdminError } from '../admin-error';
import { EXPORT_FORMATS, exportSession, allWorkspaceSecrets, importSession, type ExportFormat } from '../../recorder/session-export';
import type { WorkspaceStore } from '../../store/workspaces';
import { WORKBENCH_VERSION } from '../../version';

const idParams = idParamsSchema;
const nameBody = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['name'],
  additionalProperties: false,
} as const;

/** Sessions group recordings: list, start a new one (it receives the next exchanges), rename, clear, delete. */
export const sessionRoutes: FastifyPluginAsync<{ recordings: RecordingStore; workspaces: WorkspaceStore }> = async (app, { recordings, workspaces }) => {
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

  // A file download: ?format=json (a session file, re-importable with everything) or har. Streamed:
  // Readable.from asks the export for its next page only when the socket has taken the last one, so a
  // slow reader holds one page in memory, not the session (see recorder/session-export.ts).
  app.get<{ Params: { id: number }; Querystring: { format?: ExportFormat } }>(
    '/sessions/:id/export',
    { schema: { params: idParams, querystring: { type: 'object', properties: { format: { type: 'string', enum: [...EXPORT_FORMATS] }, token: { type: 'string' } } } } },
    async (request, reply) => {
      existing(request.params.id);
      const { fileName, chunks } = exportSession(recordings, request.params.id, request.query.format ?? 'json', { creatorVersion: WORKBENCH_VERSION, secrets: allWorkspaceSecrets(workspaces) });
      // A failure after the first chunk can only cut the download short (the status is sent): fastify closes the connection.
      const body = Readable.from(chunks, { objectMode: false });
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(body);
    },
  );

  // A session file or a HAR (from this workbench, Chrome DevTools, HTTP Toolkit…) becomes a new imported session.
  app.post<{ Querystring: { name?: string }; Body: unknown }>(
    '/sessions/import',
    { schema: { querystring: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, token: { type: 'string' } } } } },
    async (request, reply) => {
      try {
        return reply.code(201).send(importSession(recordings, request.body, request.query.name, allWorkspaceSecrets(workspaces)));
      } catch (error) {
        throw AdminError.badRequest(`Cannot import: ${(error as Error).message}`);
      }
    },
  );

  app.delete<{ Params: { id: number } }>('/sessions/:id', { schema: { params: idParams } }, async (request, reply) => {
    existing(request.params.id);
    recordings.deleteSession(request.params.id);
    return reply.code(204).send();
  });
};
