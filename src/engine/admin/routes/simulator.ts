import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { idParamsSchema, trafficTargetSchema as target } from '../schema-parts';
import type { CheckJobState, CheckRequest, SimulationJobState, SimulationRequest } from '../../../shared/simulator';
import type { OktaImportJobState, OktaImportRequest } from '../../../shared/okta-import';
import { SCENARIOS } from '../../simulator/simulator';
import { TrafficJobError, type TrafficJobs } from '../../simulator/traffic-jobs';

export interface SimulatorRoutesOptions {
  jobs: TrafficJobs;
}

const idp = { type: 'string', enum: ['okta', 'entra', 'onelogin'] } as const;

/** The simulator, demo mode and the conformance check, as background jobs the inspector polls. */
export const simulatorRoutes: FastifyPluginAsync<SimulatorRoutesOptions> = async (app, { jobs }) => {
  const answer = async <T>(reply: FastifyReply, work: () => T) => {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof TrafficJobError)) throw error;
      reply.code(error.status);
      return { error: error.message };
    }
  };

  app.get('/simulator/scenarios', async () => SCENARIOS);

  app.post<{ Body: SimulationRequest }>(
    '/simulations',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['idp', 'scenario', 'users', 'target'],
          properties: {
            idp,
            scenario: { type: 'string', enum: SCENARIOS },
            users: { type: 'integer', minimum: 1, maximum: 10_000 },
            seed: { type: 'integer', minimum: 1 },
            delayMs: { type: 'integer', minimum: 0, maximum: 60_000 },
            target,
          },
        },
      },
    },
    (request, reply) => answer<SimulationJobState>(reply, () => jobs.simulate(request.body)),
  );
  app.post<{ Body: { idp?: SimulationRequest['idp']; users?: number; delayMs?: number } | null }>(
    '/demo',
    {
      schema: {
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { idp, users: { type: 'integer', minimum: 1, maximum: 500 }, delayMs: { type: 'integer', minimum: 0, maximum: 10_000 } },
        },
      },
    },
    (request, reply) => answer<SimulationJobState>(reply, () => jobs.demo(request.body ?? {})),
  );
  app.get<{ Params: { id: number } }>('/simulations/:id', { schema: { params: idParamsSchema } }, (request, reply) =>
    answer(reply, () => jobs.simulation(request.params.id)),
  );
  app.post<{ Params: { id: number } }>('/simulations/:id/cancel', { schema: { params: idParamsSchema } }, (request, reply) =>
    answer(reply, () => jobs.cancelSimulation(request.params.id)),
  );

  app.post<{ Body: CheckRequest }>(
    '/checks',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['idps', 'target'],
          properties: { idps: { type: 'array', items: idp, minItems: 1, uniqueItems: true }, target },
        },
      },
    },
    (request, reply) => answer<CheckJobState>(reply, () => jobs.check(request.body)),
  );
  app.post<{ Body: OktaImportRequest }>(
    '/imports',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['target'],
          properties: { target, pageSize: { type: 'integer', minimum: 1, maximum: 1000 } },
        },
      },
    },
    (request, reply) => answer<OktaImportJobState>(reply, () => jobs.oktaImport(request.body)),
  );
  app.get<{ Params: { id: number } }>('/imports/:id', { schema: { params: idParamsSchema } }, (request, reply) =>
    answer(reply, () => jobs.importState(request.params.id)),
  );
  app.post<{ Params: { id: number } }>('/imports/:id/cancel', { schema: { params: idParamsSchema } }, (request, reply) =>
    answer(reply, () => jobs.cancelImport(request.params.id)),
  );

  app.get<{ Params: { id: number } }>('/checks/:id', { schema: { params: idParamsSchema } }, (request, reply) =>
    answer(reply, () => jobs.checkState(request.params.id)),
  );
  app.post<{ Params: { id: number } }>('/checks/:id/cancel', { schema: { params: idParamsSchema } }, (request, reply) =>
    answer(reply, () => jobs.cancelCheck(request.params.id)),
  );
};
