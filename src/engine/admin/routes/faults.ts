import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { FaultPreset, FaultRule, FaultRuleList, FaultRulesFile, FaultsSummary, HeldExchange, HeldFailure, HeldRelease } from '../../../shared/faults';
import { FAULT_METHODS, FAULT_SCIM_TYPES } from '../../../shared/faults';
import { FaultNotFoundError, type FaultEngine } from '../../faults/fault-engine';
import { FaultRuleError } from '../../faults/rule-check';
import { HeldError } from '../../faults/breakpoints';
import { FAULT_PRESETS } from '../../faults/presets';
import { emptyBodyAsObject, Id, QueryToken, Slug, SlugParams, Strict } from '../schema-parts';

/** A rule or rules file: its shape is rule-check.ts's, which lists every problem with where it is. */
const RuleBody = Type.Record(Type.String(), Type.Unknown());
const SlugIdParams = Type.Object({ slug: Slug, id: Id });
const Headers = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 8192 }));
const Body = Type.Union([Type.String({ maxLength: 16 * 1024 * 1024 }), Type.Null()]);

const ReleaseBody = Strict({
  request: Type.Optional(
    Strict({
      method: Type.Optional(Type.Enum([...FAULT_METHODS])),
      path: Type.Optional(Type.String({ maxLength: 4096 })),
      headers: Type.Optional(Headers),
      body: Type.Optional(Body),
    }),
  ),
  response: Type.Optional(
    Strict({ status: Type.Optional(Type.Integer({ minimum: 200, maximum: 599 })), headers: Type.Optional(Headers), body: Type.Optional(Body) }),
  ),
});

const FailBody = Strict({
  status: Type.Integer({ minimum: 400, maximum: 599 }),
  scimType: Type.Optional(Type.Enum([...FAULT_SCIM_TYPES])),
  detail: Type.Optional(Type.String({ maxLength: 4096 })),
});

/**
 * The chaos lab's admin routes (the table in shared/faults.ts): a workspace's fault rules, presets,
 * the banner's summary, and the exchanges held at breakpoints.
 */
export const faultRoutes: FastifyPluginAsyncTypebox<{ faults: FaultEngine }> = async (app, { faults }) => {
  const answer = async <T>(reply: FastifyReply, work: () => T): Promise<T | { error: string; problems?: unknown }> => {
    try {
      return work();
    } catch (error) {
      if (error instanceof FaultRuleError) {
        reply.code(400);
        return { error: error.message, problems: error.problems };
      }
      if (error instanceof FaultNotFoundError) {
        reply.code(404);
        return { error: error.message };
      }
      if (error instanceof HeldError) {
        reply.code(error.status);
        return { error: error.message };
      }
      throw error;
    }
  };

  app.get('/faults/presets', async (): Promise<readonly FaultPreset[]> => FAULT_PRESETS);
  app.get('/faults/summary', async (): Promise<FaultsSummary> => faults.summary());

  app.get('/workspaces/:slug/faults', { schema: { params: SlugParams, querystring: Type.Object({ token: QueryToken }) } }, (request, reply) =>
    answer<FaultRuleList>(reply, () => faults.list(request.params.slug)),
  );
  app.get('/workspaces/:slug/faults/export', { schema: { params: SlugParams, querystring: Type.Object({ token: QueryToken }) } }, (request, reply) =>
    answer<FaultRulesFile>(reply, () => faults.exportFile(request.params.slug)),
  );
  app.put('/workspaces/:slug/faults', { schema: { params: SlugParams, body: RuleBody } }, (request, reply) =>
    answer<FaultRuleList>(reply, () => faults.importFile(request.params.slug, request.body)),
  );
  app.post('/workspaces/:slug/faults', { schema: { params: SlugParams, body: RuleBody } }, (request, reply) =>
    answer<FaultRule>(reply, () => {
      const rule = faults.create(request.params.slug, request.body);
      reply.code(201);
      return rule;
    }),
  );
  app.post('/workspaces/:slug/faults/enabled', { schema: { params: SlugParams, body: Strict({ enabled: Type.Boolean() }) } }, (request, reply) =>
    answer<FaultRuleList>(reply, () => faults.setEnabled(request.params.slug, request.body.enabled)),
  );
  app.get('/workspaces/:slug/faults/:id', { schema: { params: SlugIdParams, querystring: Type.Object({ token: QueryToken }) } }, (request, reply) =>
    answer<FaultRule>(reply, () => faults.get(request.params.slug, request.params.id)),
  );
  app.put('/workspaces/:slug/faults/:id', { schema: { params: SlugIdParams, body: RuleBody } }, (request, reply) =>
    answer<FaultRule>(reply, () => faults.update(request.params.slug, request.params.id, request.body)),
  );
  app.delete('/workspaces/:slug/faults/:id', { schema: { params: SlugIdParams } }, (request, reply) =>
    answer(reply, () => {
      faults.remove(request.params.slug, request.params.id);
      reply.code(204);
      return undefined;
    }),
  );

  app.get('/held', { schema: { querystring: Type.Object({ workspace: Type.Optional(Slug), token: QueryToken }) } }, async (request): Promise<HeldExchange[]> =>
    faults.breakpoints.list(request.query.workspace),
  );
  app.post(
    '/held/:id/release',
    { preValidation: (request) => emptyBodyAsObject(request), schema: { params: Type.Object({ id: Id }), body: ReleaseBody } },
    (request, reply) => answer<HeldExchange>(reply, () => faults.breakpoints.release(request.params.id, request.body as HeldRelease)),
  );
  app.post('/held/:id/fail', { schema: { params: Type.Object({ id: Id }), body: FailBody } }, (request, reply) =>
    answer<HeldExchange>(reply, () => faults.breakpoints.fail(request.params.id, request.body as HeldFailure)),
  );
};
