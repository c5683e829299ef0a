import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { authSchema, idParamsSchema, textSchema } from '../schema-parts';
import type { ReplayJobState, ReplayRequest, SingleReplayRequest, SingleReplayResponse } from '../../../shared/replay';
import { ReplayError, type ReplayJobs } from '../../replay/replay-jobs';
import { reportToMarkdown } from '../../replay/replay-report';

export interface ReplayRoutesOptions {
  replays: ReplayJobs;
}

const replayBody = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: {
    sessionId: { type: 'integer', minimum: 1 },
    fromExchangeId: { type: 'integer', minimum: 1 },
    toExchangeId: { type: 'integer', minimum: 1 },
    exchangeIds: { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 100_000 },
    target: {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'workspace'],
          properties: { kind: { const: 'workspace' }, workspace: { type: 'string', maxLength: 64 }, fresh: { type: 'boolean' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'baseUrl', 'auth'],
          properties: { kind: { const: 'url' }, baseUrl: textSchema, auth: authSchema, confirmed: { type: 'boolean' } },
        },
      ],
    },
    pacing: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'fast' } } },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind'],
          properties: { kind: { const: 'recorded' }, maxGapMs: { type: 'integer', minimum: 0 } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'perSecond'],
          properties: { kind: { const: 'rate' }, perSecond: { type: 'number', exclusiveMinimum: 0, maximum: 10_000 } },
        },
      ],
    },
    stopOnFirstDifference: { type: 'boolean' },
  },
} as const;

/** Replays from the inspector: whole sessions or selections as background jobs, and single exchanges. */
export const replayRoutes: FastifyPluginAsync<ReplayRoutesOptions> = async (app, { replays }) => {
  const answer = async <T>(reply: FastifyReply, work: () => T | Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ReplayError)) throw error;
      reply.code(error.status);
      return { error: error.message };
    }
  };

  app.post<{ Body: ReplayRequest }>('/replays', { schema: { body: replayBody } }, (request, reply) =>
    answer<ReplayJobState>(reply, () => replays.start(request.body)),
  );
  app.get<{ Params: { id: number } }>('/replays/:id', { schema: { params: idParamsSchema } }, (request, reply) =>
    answer<ReplayJobState>(reply, () => replays.get(request.params.id)),
  );
  app.post<{ Params: { id: number } }>('/replays/:id/cancel', { schema: { params: idParamsSchema } }, (request, reply) =>
    answer<ReplayJobState>(reply, () => replays.cancel(request.params.id)),
  );

  app.get<{ Params: { id: number }; Querystring: { format?: 'json' | 'md' } }>(
    '/replays/:id/report',
    {
      schema: {
        params: idParamsSchema,
        querystring: { type: 'object', properties: { format: { type: 'string', enum: ['json', 'md'] }, token: { type: 'string' } } },
      },
    },
    (request, reply) =>
      answer(reply, () => {
        const state = replays.get(request.params.id);
        if (!state.report) throw new ReplayError(`Replay ${request.params.id} has not finished.`, 409);
        const markdown = request.query.format === 'md';
        reply.header('content-disposition', `attachment; filename="replay-${request.params.id}.${markdown ? 'md' : 'json'}"`);
        if (markdown) reply.type('text/markdown; charset=utf-8');
        return markdown ? reportToMarkdown(state.report) : state.report;
      }),
  );

  app.post<{ Params: { id: number }; Body: SingleReplayRequest | null }>(
    '/exchanges/:id/replay',
    {
      schema: {
        params: idParamsSchema,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: {
            edit: {
              type: 'object',
              additionalProperties: false,
              properties: {
                method: { type: 'string', maxLength: 10 },
                path: { type: 'string', maxLength: 8192 },
                headers: { type: 'object', additionalProperties: { type: 'string' } },
                body: { type: ['string', 'null'] },
              },
            },
          },
        },
      },
    },
    (request, reply) => answer<SingleReplayResponse>(reply, () => replays.replayOne(request.params.id, request.body ?? {})),
  );
};
