import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { emptyBodyAsObject, IdParams, ReportQuery, Strict, TrafficTarget as target } from '../schema-parts';
import type { CheckJobState, SimulationJobState } from '../../../shared/simulator';
import type { OktaImportJobState } from '../../../shared/okta-import';
import { SCENARIOS } from '../../simulator/scenarios';
import { TrafficJobError, type TrafficJobs } from '../../simulator/traffic-jobs';

export interface SimulatorRoutesOptions {
  jobs: TrafficJobs;
}

const idp = Type.Enum(['okta', 'entra', 'onelogin']);

const SimulationBody = Strict({
  idp,
  scenario: Type.Enum(SCENARIOS),
  users: Type.Integer({ minimum: 1, maximum: 10_000 }),
  seed: Type.Optional(Type.Integer({ minimum: 1 })),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
  modelRetries: Type.Optional(Type.Boolean()),
  target,
});

/** Demo mode: everything has a default (the demo workspace, Okta, a few users). */
const DemoBody = Strict({
  idp: Type.Optional(idp),
  users: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});

const CheckBody = Strict({ idps: Type.Array(idp, { minItems: 1, uniqueItems: true }), target });

const OktaImportBody = Strict({ target, pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });

/** The simulator, demo mode and the conformance check, as background jobs the inspector polls. */
export const simulatorRoutes: FastifyPluginAsyncTypebox<SimulatorRoutesOptions> = async (app, { jobs }) => {
  const answer = async <T>(reply: FastifyReply, work: () => T | Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof TrafficJobError)) throw error;
      reply.code(error.status);
      return { error: error.message };
    }
  };

  app.get('/simulator/scenarios', async () => SCENARIOS);

  app.post('/simulations', { schema: { body: SimulationBody } }, (request, reply) => answer<SimulationJobState>(reply, () => jobs.simulate(request.body)));
  app.post('/demo', { preValidation: (request) => emptyBodyAsObject(request), schema: { body: DemoBody } }, (request, reply) =>
    answer<SimulationJobState>(reply, () => jobs.demo(request.body)),
  );
  app.get('/simulations/:id', { schema: { params: IdParams } }, (request, reply) => answer(reply, () => jobs.simulation(request.params.id)));
  app.post('/simulations/:id/cancel', { schema: { params: IdParams } }, (request, reply) => answer(reply, () => jobs.cancelSimulation(request.params.id)));

  app.post('/checks', { schema: { body: CheckBody } }, (request, reply) => answer<CheckJobState>(reply, () => jobs.check(request.body)));
  app.post('/imports', { schema: { body: OktaImportBody } }, (request, reply) => answer<OktaImportJobState>(reply, () => jobs.oktaImport(request.body)));
  app.get('/imports/:id', { schema: { params: IdParams } }, (request, reply) => answer(reply, () => jobs.importState(request.params.id)));
  app.post('/imports/:id/cancel', { schema: { params: IdParams } }, (request, reply) => answer(reply, () => jobs.cancelImport(request.params.id)));

  app.get('/checks/:id', { schema: { params: IdParams } }, (request, reply) => answer(reply, () => jobs.checkState(request.params.id)));
  app.post('/checks/:id/cancel', { schema: { params: IdParams } }, (request, reply) => answer(reply, () => jobs.cancelCheck(request.params.id)));
  app.get('/checks/:id/report', { schema: { params: IdParams, querystring: ReportQuery } }, (request, reply) =>
    answer(reply, async () => {
      const { id } = request.params;
      const state = jobs.checkState(id);
      if (!state.report) throw new TrafficJobError(state.state === 'failed' ? `Check ${id} failed: ${state.error}` : `Check ${id} has not finished.`, 409);
      const markdown = request.query.format === 'md';
      reply.header('content-disposition', `attachment; filename="check-${id}.${markdown ? 'md' : 'json'}"`);
      if (markdown) reply.type('text/markdown; charset=utf-8');
      // The checks' module, loaded when a check first runs or a report is first asked for.
      return markdown ? (await import('../../conformance/run-checks')).checkReportToMarkdown(state.report) : state.report;
    }),
  );
};
