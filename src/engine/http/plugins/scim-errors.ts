import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from '../../scim/errors';
import { SCIM_CONTENT_TYPE } from '../content-type';
import { RetryLaterError } from '../database-unavailable';

/**
 * Every failure on the SCIM surface answers with an RFC 7644 §3.12 error body, so an IdP
 * (and the engineer reading its log) always gets `status`, `scimType` and a `detail` that
 * says what to change. Unexpected errors are logged and answered with a generic 500.
 */
export function toScimError(error: FastifyError | ScimError | Error): ScimError {
  if (error instanceof ScimError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const where = fastifyError.validationContext;
    return ScimError.badRequest(where === 'body' ? 'invalidSyntax' : 'invalidValue', `Invalid request: ${error.message}.`);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ScimError(413, undefined, `The request body is larger than this server accepts (${fastifyError.message}).`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ScimError(
        415,
        undefined,
        'Unsupported Content-Type: send the body as application/scim+json (or application/json).',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return ScimError.badRequest('invalidSyntax', error.message);
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) return new ScimError(status, undefined, error.message);
  return new ScimError(500, undefined, 'The workbench hit an internal error handling this request; its log has the details.');
}

export function sendScimError(reply: FastifyReply, error: ScimError) {
  reply.code(error.status).header('content-type', SCIM_CONTENT_TYPE);
  if (error.status === 401) reply.header('www-authenticate', 'Bearer realm="SCIM Workbench"');
  if (error instanceof RetryLaterError) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.send(error.toBody());
}

export function registerScimErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const scimError = toScimError(error);
    if (scimError.status >= 500) request.log.error({ err: error }, 'SCIM request failed');
    return sendScimError(reply, scimError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendScimError(reply, ScimError.notFound(`No SCIM endpoint at ${request.method} ${request.url.split('?')[0]}.`)),
  );
}

/**
 * Errors fastify's router raises before any route or hook runs (a URL it cannot decode, a
 * path parameter longer than `maxParamLength`). Without this they get fastify's own JSON.
 */
export function scimFrameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  sendScimError(reply, toScimError(error));
}

/**
 * Requests Node's HTTP parser refuses (headers or URL over the size limit, e.g. a huge
 * filter; malformed HTTP) never reach fastify's handlers: the answer is written to the
 * socket here, as fastify's default handler does, but with a SCIM error body.
 */
export function scimClientErrorHandler(error: ConnectionError, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let scimError: ScimError;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    scimError = new ScimError(431, undefined, 'The request headers or URL (a long filter, say) are larger than this server accepts.');
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    scimError = new ScimError(408, undefined, 'The request took too long to arrive.');
  } else {
    scimError = ScimError.badRequest('invalidSyntax', 'The request is not valid HTTP.');
  }
  const body = JSON.stringify(scimError.toBody());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${scimError.status} ${STATUS_CODES[scimError.status]}\r\n` +
        `Content-Type: ${SCIM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
