import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { IdParams, ReportQuery, Strict, TrafficTarget as target } from '../schema-parts';
import { SUITE_UPLOAD_LIMIT, type SuiteJobState } from '../../../shared/suites';
import { SuiteJobError, type SuiteJobs } from '../../conformance/suite-jobs';
import { suiteReportToMarkdown } from '../../conformance/suite-report';
import { TrafficJobError } from '../../simulator/traffic-jobs';

export interface SuiteRoutesOptions {
  suites: SuiteJobs;
}

// The file travels as a JSON string, where escaping can make it up to twice as long.
const BODY_LIMIT = 2 * SUITE_UPLOAD_LIMIT + 64 * 1024;

const SuiteBody = Strict({
  fileName: Type.String({ minLength: 1, maxLength: 255 }),
  content: Type.String({ minLength: 1 }),
  target,
  skipFolders: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 100, uniqueItems: true })),
});

/** External suites from the inspector: upload a Runscope export or Postman collection, watch it run, fetch the report. */
export const suiteRoutes: FastifyPluginAsyncTypebox<SuiteRoutesOptions> = async (app, { suites }) => {
  const answer = async <T>(reply: FastifyReply, work: () => T) => {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof SuiteJobError) && !(error instanceof TrafficJobError)) throw error;
      reply.code(error.status);
      return { error: error.message };
    }
  };

  app.post(
    '/suites',
    {
      bodyLimit: BODY_LIMIT,
      schema: { body: SuiteBody },
      errorHandler: (error: FastifyError, _request, reply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
          return reply.code(413).send({
            error: `The suite file is larger than ${SUITE_UPLOAD_LIMIT / 1024 / 1024} MB; run it with the CLI (scim-workbench check --runscope/--postman).`,
          });
        throw error;
      },
    },
    (request, reply) => answer<SuiteJobState>(reply, () => suites.start(request.body)),
  );
  app.get('/suites/:id', { schema: { params: IdParams } }, (request, reply) => answer(reply, () => suites.get(request.params.id)));
  app.post('/suites/:id/cancel', { schema: { params: IdParams } }, (request, reply) => answer(reply, () => suites.cancel(request.params.id)));

  app.get('/suites/:id/report', { schema: { params: IdParams, querystring: ReportQuery } }, (request, reply) =>
    answer(reply, () => {
      const state = suites.get(request.params.id);
      if (!state.report)
        throw new SuiteJobError(
          state.state === 'failed' ? `Suite run ${request.params.id} failed: ${state.error}` : `Suite run ${request.params.id} has not finished.`,
          409,
        );
      const markdown = request.query.format === 'md';
      reply.header('content-disposition', `attachment; filename="suite-${request.params.id}.${markdown ? 'md' : 'json'}"`);
      if (markdown) reply.type('text/markdown; charset=utf-8');
      return markdown ? suiteReportToMarkdown(state.report) : state.report;
    }),
  );
};
