import type { FastifyRequest } from 'fastify';
import { ScimError } from '../../scim/errors';
import type { Workspace } from '../../store/workspaces';
import type { Workbench } from '../../workbench';
import { bearerToken, tokensMatch } from './bearer-auth';
import { basicCredentials } from './basic-credentials';

const REALM = 'realm="SCIM Workbench"';

/**
 * Resolves the workspace a request is for and checks its credentials the way the workspace's auth
 * mode says (settings.auth, shared/auth-modes.ts). The workspace comes from WorkspaceStore.find,
 * which reads the row again whenever the database changed (PRAGMA data_version, checked on every
 * request), so a regenerated secret or a changed mode applies to the very next request, even when
 * another process (the CLI) changed it.
 *
 * Only the configured mode is accepted: the raw secret as a bearer token does not work in the
 * basic, header or oauth modes. An IdP configured for the wrong mode then fails at its first request
 * with a detail that names the mode this workspace expects, instead of working by accident here
 * and failing against the real app.
 */
export function authenticate(workbench: Pick<Workbench, 'workspaces' | 'accessTokens'>, slug: string, request: FastifyRequest): Workspace {
  const workspace = workbench.workspaces.find(slug);
  if (!workspace) throw ScimError.notFound(`No workspace named "${slug}".`);
  // A proxy passing the IdP's credentials through: the upstream authenticates them (proxy mode).
  if (workspace.settings.proxy?.auth.mode === 'pass-through') return workspace;
  const auth = workspace.settings.auth;
  const header = request.headers.authorization;
  switch (auth.mode) {
    case 'bearer': {
      const token = bearerToken(header);
      if (!token) {
        throw ScimError.unauthorized(
          header
            ? 'This workspace uses bearer token auth: the Authorization header must be "Bearer <token>" (Okta: HTTP Header; Entra: Secret Token; OneLogin: SCIM Bearer Token).'
            : 'Missing Authorization header: this workspace uses bearer token auth, send "Authorization: Bearer <token>" with the workspace token.',
        );
      }
      if (!tokensMatch(token, workspace.token)) {
        throw ScimError.unauthorized('The bearer token is not valid for this workspace (it may have been regenerated).');
      }
      return workspace;
    }
    case 'basic': {
      const challenge = `Basic ${REALM}, charset="UTF-8"`;
      const credentials = basicCredentials(header);
      if (!credentials) {
        throw ScimError.unauthorized(
          `This workspace uses HTTP Basic auth (Okta: Basic Auth): send "Authorization: Basic <base64 of username:password>" with the username shown in Connection and the workspace token as password${header ? '' : '; the request had no Authorization header'}.`,
          challenge,
        );
      }
      if (!credentials.ok) throw ScimError.unauthorized(`This workspace uses HTTP Basic auth. ${credentials.reason}`, challenge);
      // Both compared, always: which of the two was wrong does not show in the time taken.
      const userMatches = tokensMatch(credentials.user, auth.username);
      const passwordMatches = tokensMatch(credentials.password, workspace.token);
      if (!(userMatches && passwordMatches)) {
        throw ScimError.unauthorized(
          'The HTTP Basic username or password is not valid for this workspace (the password may have been regenerated).',
          challenge,
        );
      }
      return workspace;
    }
    case 'header': {
      // No standard scheme exists for an API-key header; the challenge still says which header is expected.
      const challenge = `ApiKey ${REALM}, header="${auth.headerName}"`;
      const raw = request.headers[auth.headerName.toLowerCase()];
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (value === undefined || value.trim() === '') {
        throw ScimError.unauthorized(
          `This workspace uses a custom HTTP header (Okta: HTTP Header): send the workspace token in the "${auth.headerName}" header${header ? ', not in Authorization' : ''}.`,
          challenge,
        );
      }
      if (!tokensMatch(value.trim(), workspace.token)) {
        throw ScimError.unauthorized(`The "${auth.headerName}" header's value is not valid for this workspace (it may have been regenerated).`, challenge);
      }
      return workspace;
    }
    case 'oauth': {
      const token = bearerToken(header);
      const where = 'POST the client credentials to this SCIM base URL + /oauth/token';
      if (!token) {
        throw ScimError.unauthorized(
          `This workspace uses OAuth 2.0 client credentials (Okta: OAuth 2; Entra: OAuth client credentials): ${where}, then send "Authorization: Bearer <access_token>".`,
          `Bearer ${REALM}`,
        );
      }
      const check = workbench.accessTokens.check(workspace.id, token);
      if (check.valid) return workspace;
      if (check.reason === 'expired') {
        throw ScimError.unauthorized(
          `The access token expired: the client must get a new one from the token endpoint (${where}).`,
          `Bearer ${REALM}, error="invalid_token", error_description="The access token expired"`,
        );
      }
      const isTheSecret = tokensMatch(token, workspace.token);
      throw ScimError.unauthorized(
        isTheSecret
          ? `This workspace uses OAuth 2.0 client credentials: the workspace secret is the client secret, not an access token; ${where} and use the access_token it answers.`
          : `The access token is not valid for this workspace (never issued here, or revoked when the secret was regenerated): ${where}.`,
        `Bearer ${REALM}, error="invalid_token"`,
      );
    }
  }
}
