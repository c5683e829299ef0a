import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ScimError } from '../../scim/errors';
import { SCIM_CONTENT_TYPE } from '../content-type';
import { REQUEST_ID_HEADER } from '../request-id';
import { RetryLaterError } from '../database-unavailable';

/**
 * Every failure on the SCIM surface answers with an RFC 7644 §3.12 error body, so an IdP
 * (and the engineer reading its log) always gets `status`, `scimType` and a `detail` that
 * says what to change. Unexpected errors are logged and answered with a generic 500 whose
 * detail names the request's correlation id, the `reqId` of the log line that has the stack.
 */
export function toScimError(error: FastifyError | ScimError | Error, correlationId?: string): ScimError {
  if (error instanceof ScimError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const where = fastifyError.validationContext;
    // The query parser makes a parameter sent twice a list, where every SCIM parameter's schema says string.
    const repeated = where === 'querystring' ? fastifyError.validation.find((issue) => issue.keyword === 'type' && issue.params.type === 'string') : undefined;
    if (repeated) return ScimError.badRequest('invalidValue', `The query parameter "${repeated.instancePath.slice(1)}" is sent more than once: send it once.`);
    return ScimError.badRequest(where === 'body' ? 'invalidSyntax' : 'invalidValue', `Invalid request: ${error.message}.`);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ScimError(413, undefined, `The request body is larger than this server accepts (${fastifyError.message}).`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ScimError(415, undefined, 'Unsupported Content-Type: send the body as application/scim+json (or application/json).');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return ScimError.badRequest('invalidSyntax', error.message);
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) return new ScimError(status, undefined, error.message);
  const where = correlationId ? `see the log, correlation id ${correlationId}` : 'see the log';
  return new ScimError(500, undefined, `The workbench hit an internal error handling this request; ${where}.`);
}

export function sendScimError(reply: FastifyReply, error: ScimError) {
  // Also set by the onRequest hook; said again for errors raised before hooks run (router errors).
  reply.code(error.status).header('content-type', SCIM_CONTENT_TYPE).header(REQUEST_ID_HEADER, reply.request.id);
  if (error.status === 401) reply.header('www-authenticate', error.challenge ?? 'Bearer realm="SCIM Workbench"');
  if (error instanceof RetryLaterError) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.send(error.toBody());
}

export function registerScimErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const scimError = toScimError(error, request.id);
    // Method and path only: the query may carry a filter on a person's name, the body a password.
    const what = `SCIM request ${request.method} ${request.url.split('?')[0]}`;
    // A fault of ours: the stack, under the id the answer names. A 503 (a busy database, too many
    // connections) or 507 (a full disk) is a condition, said where it arises or here without a stack:
    // under a flood these lines are written synchronously, one per request.
    if (scimError.status === 500) request.log.error({ err: error }, `${what} failed`);
    else if (scimError.status >= 500 && !(error instanceof RetryLaterError)) request.log.warn(`${what} answered ${scimError.status}: ${scimError.detail}`);
    return sendScimError(reply, scimError);
  });
  app.setNotFoundHandler((request, reply) => sendScimError(reply, ScimError.notFound(`No SCIM endpoint at ${request.method} ${request.url.split('?')[0]}.`)));
}
