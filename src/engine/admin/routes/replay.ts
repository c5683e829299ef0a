import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { Auth, byKind, emptyBodyAsObject, Id, IdParams, ReportQuery, Slug, Strict, Text } from '../schema-parts';
import { MAX_REPLAY_CONCURRENCY, type ReplayJobState, type SingleReplayResponse } from '../../../shared/replay';
import { ReplayError, type ReplayJobs } from '../../replay/replay-jobs';
import { reportToMarkdown } from '../../replay/replay-report';

export interface ReplayRoutesOptions {
  replays: ReplayJobs;
}

const ReplayBody = Strict({
  sessionId: Type.Optional(Id),
  fromExchangeId: Type.Optional(Id),
  toExchangeId: Type.Optional(Id),
  exchangeIds: Type.Optional(Type.Array(Id, { maxItems: 100_000 })),
  target: byKind([
    Strict({ kind: Type.Literal('workspace'), workspace: Slug, fresh: Type.Optional(Type.Boolean()) }),
    Strict({ kind: Type.Literal('url'), baseUrl: Text, auth: Auth, confirmed: Type.Optional(Type.Boolean()) }),
  ]),
  pacing: Type.Optional(
    byKind([
      Strict({ kind: Type.Literal('fast') }),
      Strict({ kind: Type.Literal('recorded'), maxGapMs: Type.Optional(Type.Integer({ minimum: 0 })) }),
      Strict({ kind: Type.Literal('rate'), perSecond: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }) }),
    ]),
  ),
  stopOnFirstDifference: Type.Optional(Type.Boolean()),
  applyFaults: Type.Optional(Type.Boolean()),
  concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_REPLAY_CONCURRENCY })),
});

/** A change to the request before it is sent again; absent or empty: sent as recorded. */
const SingleReplayBody = Strict({
  applyFaults: Type.Optional(Type.Boolean()),
  edit: Type.Optional(
    Strict({
      method: Type.Optional(Type.String({ maxLength: 10 })),
      path: Type.Optional(Type.String({ maxLength: 8192 })),
      headers: Type.Optional(Type.Record(Type.String(), Type.String())),
      body: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    }),
  ),
});

/** Replays from the inspector: whole sessions or selections as background jobs, and single exchanges. */
export const replayRoutes: FastifyPluginAsyncTypebox<ReplayRoutesOptions> = async (app, { replays }) => {
  const answer = async <T>(reply: FastifyReply, work: () => T | Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ReplayError)) throw error;
      reply.code(error.status);
      return { error: error.message };
    }
  };

  app.post('/replays', { schema: { body: ReplayBody } }, (request, reply) => answer<ReplayJobState>(reply, () => replays.start(request.body)));
  app.get('/replays/:id', { schema: { params: IdParams } }, (request, reply) => answer<ReplayJobState>(reply, () => replays.get(request.params.id)));
  app.post('/replays/:id/cancel', { schema: { params: IdParams } }, (request, reply) => answer<ReplayJobState>(reply, () => replays.cancel(request.params.id)));

  app.get('/replays/:id/report', { schema: { params: IdParams, querystring: ReportQuery } }, (request, reply) =>
    answer(reply, () => {
      const state = replays.get(request.params.id);
      if (!state.report) throw new ReplayError(`Replay ${request.params.id} has not finished.`, 409);
      const markdown = request.query.format === 'md';
      reply.header('content-disposition', `attachment; filename="replay-${request.params.id}.${markdown ? 'md' : 'json'}"`);
      if (markdown) reply.type('text/markdown; charset=utf-8');
      return markdown ? reportToMarkdown(state.report) : state.report;
    }),
  );

  app.post(
    '/exchanges/:id/replay',
    { preValidation: (request) => emptyBodyAsObject(request), schema: { params: IdParams, body: SingleReplayBody } },
    (request, reply) => answer<SingleReplayResponse>(reply, () => replays.replayOne(request.params.id, request.body)),
  );
};
