import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError } from 'fastify';
import { Type } from 'typebox';
import { parseJsonOrUndefined } from '../../../shared/json-values';
import { emptyBodyAsObject, IdParams, QueryToken, Strict } from '../schema-parts';
import type { SessionListResponse } from '../../../shared/admin-api';
import type { SessionSummary } from '../../../shared/recording';
import type { RecordingStore } from '../../store/recordings';
import { AdminError } from '../admin-error';
import { EXPORT_FORMATS } from '../../recorder/export-formats';
import type { WorkspaceStore } from '../../store/workspaces';
import { WORKBENCH_VERSION } from '../../version';

/**
 * The largest file an import accepts. Above the admin API's usual limit: a HAR saved from a browser
 * carries every request of the page, and a long session's export runs to hundreds of megabytes.
 * The file is parsed whole, so the limit stays well below what a JSON.parse of it could hold.
 */
export const IMPORT_BODY_LIMIT = 256 * 1024 * 1024;

const Name = Type.String({ maxLength: 200 });

/** The exporter and importer (HAR, session files), loaded when first used: `serve` starts without them. */
const sessionFiles = () => import('../../recorder/session-export');

/** A name as typed: trimmed, and not empty (a session listed as "" could not be told apart or picked). */
function sessionName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const trimmed = name.trim();
  if (!trimmed) throw AdminError.badRequest('A session name cannot be empty.');
  return trimmed;
}

/**
 * Sessions group recordings: list (newest first, each with its kind and whether it is the current
 * one), start a new live one (it receives the next exchanges: the inspector's "Clear"), rename,
 * clear, delete, export as a file and import one.
 */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ recordings: RecordingStore; workspaces: WorkspaceStore; importBodyLimit?: number }> = async (
  app,
  { recordings, workspaces, importBodyLimit = IMPORT_BODY_LIMIT },
) => {
  const existing = (id: number): SessionSummary => {
    const session = recordings.session(id);
    if (!session) throw AdminError.notFound(`No session ${id}.`);
    return session;
  };

  app.get('/sessions', async (): Promise<SessionListResponse> => {
    // There is always a current session to show as "live", even before any traffic (an import first
    // must not leave the inspector without one): it is the session the first request goes to anyway.
    recordings.currentSessionId();
    return recordings.sessions();
  });

  // The body is optional: without a name the session is "Session N".
  app.post(
    '/sessions',
    { schema: { body: Strict({ name: Type.Optional(Name) }) }, preValidation: (request) => emptyBodyAsObject(request) },
    async (request, reply) => reply.code(201).send(recordings.startSession(sessionName(request.body.name) ?? recordings.nextSessionName())),
  );

  app.patch('/sessions/:id', { schema: { params: IdParams, body: Strict({ name: Name }) } }, async (request) => {
    existing(request.params.id);
    recordings.renameSession(request.params.id, sessionName(request.body.name)!);
    return existing(request.params.id);
  });

  app.post('/sessions/:id/clear', { schema: { params: IdParams } }, async (request) => {
    existing(request.params.id);
    return { removed: recordings.clearSession(request.params.id) };
  });

  // A file download: ?format=json (a session file, re-importable with everything) or har. Streamed:
  // Readable.from asks the export for its next page only when the socket has taken the last one, so a
  // slow reader holds one page in memory, not the session (see recorder/session-export.ts).
  app.get(
    '/sessions/:id/export',
    { schema: { params: IdParams, querystring: Type.Object({ format: Type.Optional(Type.Enum([...EXPORT_FORMATS])), token: QueryToken }) } },
    async (request, reply) => {
      existing(request.params.id);
      const { exportSession, allWorkspaceSecrets } = await sessionFiles();
      const { fileName, chunks } = exportSession(recordings, request.params.id, request.query.format ?? 'json', {
        creatorVersion: WORKBENCH_VERSION,
        secrets: allWorkspaceSecrets(workspaces),
      });
      // A failure after the first chunk can only cut the download short (the status is sent): fastify closes the connection.
      const body = Readable.from(chunks, { objectMode: false });
      return reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(body);
    },
  );

  // A session file or a HAR (from this workbench, Chrome DevTools, HTTP Toolkit…) becomes a new imported session.
  app.post(
    '/sessions/import',
    {
      bodyLimit: importBodyLimit,
      schema: { querystring: Type.Object({ name: Type.Optional(Name), token: QueryToken }) },
      // The body parser's own errors, said in terms of the file the user picked.
      errorHandler: (error: FastifyError, request, reply) => {
        const refused = importRefusal(error, importBodyLimit, request.headers['content-type']);
        if (refused) return reply.code(refused.status).send({ error: refused.message });
        throw error;
      },
    },
    async (request, reply) => {
      const name = sessionName(request.query.name);
      // Sent as text/plain (a file picker's guess for .har), the text is the file.
      const document = typeof request.body === 'string' ? parseFileText(request.body) : request.body;
      if (document === undefined || document === null || typeof document !== 'object') {
        throw AdminError.badRequest('Cannot import: send a session file or a HAR as the JSON body of the request.');
      }
      const { importSession, allWorkspaceSecrets } = await sessionFiles();
      try {
        return reply.code(201).send(importSession(recordings, document, name, allWorkspaceSecrets(workspaces)));
      } catch (error) {
        throw AdminError.badRequest(`Cannot import: ${(error as Error).message}`);
      }
    },
  );

  app.delete('/sessions/:id', { schema: { params: IdParams } }, async (request, reply) => {
    existing(request.params.id);
    recordings.deleteSession(request.params.id);
    return reply.code(204).send();
  });
};

const NOT_JSON = 'Cannot import: the file is not JSON. Import a session file (.scim-session.json) or a HAR (.har).';

function parseFileText(text: string): unknown {
  const document = parseJsonOrUndefined(text);
  if (document === undefined) throw AdminError.badRequest(NOT_JSON);
  return document;
}

function importRefusal(error: FastifyError, limit: number, contentType: string | undefined): AdminError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AdminError(
        413,
        `Cannot import: the file is larger than ${megabytes(limit)}. Import it with the CLI (scim-workbench import <file>), or export a shorter session.`,
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return AdminError.badRequest(NOT_JSON);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AdminError(415, `Cannot import: send the file as application/json, not ${contentType ?? 'without a type'}.`);
    default:
      return undefined;
  }
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
