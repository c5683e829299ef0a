import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from '../../scim/errors';
import type { Workbench } from '../../workbench';
import { DEFAULT_WORKSPACE } from '../../store/workspaces';
import { tokensMatch } from '../plugins/bearer-auth';
import { basicCredentials } from '../plugins/basic-credentials';

/** A client credentials request is a few hundred bytes; anything near this is not one. */
export const TOKEN_REQUEST_BODY_LIMIT = 16 * 1024;

const FORM = 'application/x-www-form-urlencoded';

/** RFC 6749 §5.2 error codes this endpoint answers. */
type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'unauthorized_client';

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: OAuthErrorCode,
    description: string,
  ) {
    super(description);
  }
}

/**
 * The OAuth 2.0 token endpoint of one workspace, `POST <scim base>/oauth/token`, for the
 * client credentials grant (RFC 6749 §4.4): the client id of settings.auth and the workspace's
 * secret as client secret, sent in the form body or in HTTP Basic (§2.3.1). Answers an access token
 * valid for `auth.tokenLifetimeSeconds` (§5.1) or a §5.2 error as JSON. Active only in the `oauth`
 * auth mode. Served on the SCIM listener (so a tunnel exposes it too) and recorded like SCIM traffic;
 * the recorder redacts the client secret (form field, Basic header) and the issued access token.
 */
export const oauthTokenRoutes: FastifyPluginAsync<{ workbench: Workbench; workspace?: string }> = async (app, options) => {
  const { workbench } = options;
  // This plugin's own body reading: the form only, every other type read as text and refused by
  // the handler with an OAuth error (the SCIM API's JSON parsers do not apply here).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: TOKEN_REQUEST_BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError | ScimError, _request, reply) => {
    if (error instanceof OAuthError) return sendOAuthError(reply, error);
    if (error instanceof ScimError && error.status === 404) return sendOAuthError(reply, new OAuthError(404, 'invalid_request', error.detail));
    if ((error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendOAuthError(reply, new OAuthError(413, 'invalid_request', `A token request body cannot be larger than ${TOKEN_REQUEST_BODY_LIMIT} bytes.`));
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) return sendOAuthError(reply, new OAuthError(status, 'invalid_request', error.message));
    reply.request.log.error({ err: error }, 'OAuth token request failed');
    return reply
      .code(500)
      .type('application/json')
      .header('cache-control', 'no-store')
      .send({ error: 'server_error', error_description: 'The workbench hit an internal error issuing a token; see the log.' });
  });

  app.post('/oauth/token', { config: { public: true }, bodyLimit: TOKEN_REQUEST_BODY_LIMIT }, async (request, reply) => {
    const slug = options.workspace ?? (request.params as { workspace?: string }).workspace ?? DEFAULT_WORKSPACE;
    const workspace = workbench.workspaces.find(slug);
    if (!workspace) throw new OAuthError(404, 'invalid_request', `No workspace named "${slug}".`);
    const auth = workspace.settings.auth;
    if (auth.mode !== 'oauth') {
      throw new OAuthError(
        400,
        'unauthorized_client',
        `This workspace uses ${MODE_NAMES[auth.mode]}, not OAuth 2.0 client credentials: its token endpoint is off. Set the workspace's auth mode to oauth (Connection, or scim-workbench workspace configure ${workspace.slug} --auth oauth).`,
      );
    }
    const params = formOf(request);
    const grantType = single(params, 'grant_type');
    if (grantType === undefined) throw new OAuthError(400, 'invalid_request', 'The token request has no grant_type: send grant_type=client_credentials.');
    if (grantType !== 'client_credentials') {
      throw new OAuthError(
        400,
        'unsupported_grant_type',
        `grant_type "${grantType.slice(0, 64)}" is not supported here: this endpoint issues tokens for grant_type=client_credentials only.`,
      );
    }
    const client = clientCredentials(request, params);
    // Both compared, always: which of the two was wrong does not show in the time taken.
    const idMatches = tokensMatch(client.id, auth.clientId);
    const secretMatches = tokensMatch(client.secret, workspace.token);
    if (!(idMatches && secretMatches)) {
      throw new OAuthError(401, 'invalid_client', 'The client id or client secret is not valid for this workspace (the secret may have been regenerated).');
    }
    const issued = workbench.accessTokens.issue(workspace.id, auth.tokenLifetimeSeconds);
    return reply
      .code(200)
      .type('application/json')
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .send({ access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn });
  });
};

const MODE_NAMES = { bearer: 'bearer token auth', basic: 'HTTP Basic auth', header: 'a custom HTTP header', oauth: 'OAuth 2.0' } as const;

function sendOAuthError(reply: FastifyReply, error: OAuthError) {
  reply.code(error.status).type('application/json').header('cache-control', 'no-store').header('pragma', 'no-cache');
  // RFC 6749 §5.2: a client that tried to authenticate gets a challenge for the scheme it can use.
  if (error.status === 401) reply.header('www-authenticate', 'Basic realm="SCIM Workbench token endpoint", charset="UTF-8"');
  return reply.send({ error: error.code, error_description: error.message });
}

/** The form body (RFC 6749 §4.4.2 requires application/x-www-form-urlencoded). */
function formOf(request: FastifyRequest): URLSearchParams {
  const type = request.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
  if (type !== FORM) {
    // Not read, so not recorded either: whatever it holds (a JSON client_secret) is not written down.
    request.body = null;
    throw new OAuthError(
      400,
      'invalid_request',
      `The token request must be sent as ${FORM} (RFC 6749 §4.4.2); got ${type ? `"${type.slice(0, 100)}"` : 'no Content-Type'}.`,
    );
  }
  const params = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
  // Recorded as the server read it, so the recorder's form redaction sees every field (a raw body
  // may hold characters its form pattern does not take, and then the secret could slip through).
  request.body = params.toString();
  return params;
}

/** A parameter sent at most once (RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once"). */
function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new OAuthError(400, 'invalid_request', `The token request has ${name} more than once.`);
  return values[0];
}

/** The client id and secret, from HTTP Basic or the body (RFC 6749 §2.3.1), never both. */
function clientCredentials(request: FastifyRequest, params: URLSearchParams): { id: string; secret: string } {
  const inBody = { id: single(params, 'client_id'), secret: single(params, 'client_secret') };
  const header = request.headers.authorization;
  if (header !== undefined) {
    const basic = basicCredentials(header);
    if (!basic)
      throw new OAuthError(
        401,
        'invalid_client',
        'The token endpoint takes client credentials in HTTP Basic ("Authorization: Basic <base64 of client_id:client_secret>") or in the form body, not another Authorization scheme.',
      );
    if (!basic.ok) throw new OAuthError(401, 'invalid_client', basic.reason.replace('username:password', 'client_id:client_secret'));
    if (inBody.secret !== undefined)
      throw new OAuthError(
        400,
        'invalid_request',
        'The client authenticated twice (HTTP Basic and client_secret in the body): use one method (RFC 6749 §2.3).',
      );
    // §2.3.1: the id and secret are form-encoded before they are put into Basic.
    return { id: formDecoded(basic.user), secret: formDecoded(basic.password) };
  }
  if (inBody.id === undefined || inBody.secret === undefined) {
    throw new OAuthError(
      401,
      'invalid_client',
      `The token request has no ${inBody.id === undefined ? 'client_id' : 'client_secret'}: send client_id and client_secret in the body or in HTTP Basic.`,
    );
  }
  return { id: inBody.id, secret: inBody.secret };
}

function formDecoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
