import { REDACTED } from '../../../shared/recording';
import type { ReplayAuth } from '../../../shared/replay';
import type { ScimAnswer } from '../../client/scim-client';
import { ERROR_SCHEMA, type CheckContext, type CheckDefinition } from '../check-context';

/** Credentials of the kind the check runs with, but wrong: what an IdP with a stale or mistyped secret sends. */
function wrongCredentials(auth: ReplayAuth): Record<string, string> {
  switch (auth.kind) {
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:wrong-${auth.password.length}-conformance-check`).toString('base64')}` };
    case 'header':
      return { [auth.name.toLowerCase()]: 'wrong-conformance-check-value' };
    default:
      return { authorization: 'Bearer wrong-conformance-check-token' };
  }
}

/** A 401 answered as RFC 7644 §3.12 says: the SCIM error schema and the status as a string. */
function expectScimUnauthorized(c: CheckContext, answer: ScimAnswer): void {
  if (!c.expectStatus(answer, 401)) return;
  const body = answer.body;
  c.expect(
    Array.isArray(body?.schemas) && (body.schemas as unknown[]).includes(ERROR_SCHEMA),
    `The 401 body is not a SCIM error (schemas lacks ${ERROR_SCHEMA}; RFC 7644 §3.12).`,
  );
  c.expect(body?.status === '401', `The 401 body's status is ${JSON.stringify(body?.status)}, expected "401".`);
}

type OAuth = Extract<ReplayAuth, { kind: 'oauth' }>;

/**
 * A client credentials token request (RFC 6749 §4.4.2), the client authenticated with HTTP Basic.
 * Recorded as the check's evidence with the issued access token redacted: a report is saved and shared.
 */
async function requestToken(c: CheckContext, auth: OAuth, clientSecret: string): Promise<ScimAnswer> {
  const started = performance.now();
  const credentials = Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  const response = await fetch(auth.tokenUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: 'grant_type=client_credentials',
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let body: Record<string, unknown> | undefined;
  try {
    const value = JSON.parse(text);
    body = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    body = undefined;
  }
  const shown = body && typeof body.access_token === 'string' ? JSON.stringify({ ...body, access_token: REDACTED }) : text;
  const answer: ScimAnswer = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body,
    text: shown,
    headers: response.headers,
    durationMs: performance.now() - started,
  };
  c.evidence = { request: { method: 'POST', path: auth.tokenUrl, body: { grant_type: 'client_credentials', client_id: auth.clientId } }, answer };
  return answer;
}

const oauthOf = (c: CheckContext): OAuth => c.auth as OAuth;

/** Authentication: the server refuses requests without valid credentials, in the mode the IdP uses. */
export const authChecks: CheckDefinition[] = [
  {
    id: 'auth.token-required',
    scope: 'common',
    name: 'A request without the token is refused with 401',
    source: 'RFC 7644 §2, §3.12',
    consequence: 'Anyone who finds the URL can read and change the users; Okta and Entra ID also use 401 to tell a wrong token from a broken server.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/Users', undefined, undefined, { withoutAuth: true });
      c.expectStatus(answer, 401);
    },
  },
  {
    id: 'auth.wrong-credentials-refused',
    scope: 'common',
    name: 'Wrong credentials of the kind in use (bearer token, Basic password, header value) are refused with a SCIM 401',
    source: 'RFC 7644 §2, §3.12; RFC 7617 (Basic); RFC 6750 §3.1 (bearer)',
    consequence:
      'A stale or mistyped secret still works here and fails against the real app; Okta and Entra ID read a 401 as "credentials wrong" and show it in the app\'s provisioning errors.',
    appliesTo: ['bearer', 'basic', 'header'],
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/Users', undefined, wrongCredentials(c.auth));
      expectScimUnauthorized(c, answer);
    },
  },
  {
    id: 'auth.oauth-token-issued',
    scope: 'common',
    name: 'The token endpoint issues a bearer access token for the client credentials',
    source: 'RFC 6749 §4.4.3, §5.1',
    consequence:
      'Okta (OAuth 2) and Entra ID (OAuth client credentials) cannot get a token: every provisioning request fails before it is sent, and the connection test fails.',
    appliesTo: ['oauth'],
    run: async (c) => {
      const auth = oauthOf(c);
      const answer = await requestToken(c, auth, auth.clientSecret);
      if (!c.expectStatus(answer, 200)) return;
      const body = answer.body;
      c.expect(typeof body?.access_token === 'string' && body.access_token !== '', 'The answer has no access_token.');
      c.expect(
        typeof body?.token_type === 'string' && body.token_type.toLowerCase() === 'bearer',
        `token_type is ${JSON.stringify(body?.token_type)}, expected "Bearer" (RFC 6750).`,
      );
      c.expect(
        typeof body?.expires_in === 'number' && body.expires_in > 0,
        `expires_in is ${JSON.stringify(body?.expires_in)}, expected a positive number of seconds: without it a client cannot tell when to refresh.`,
      );
      c.expect(
        /no-store/i.test(answer.headers.get('cache-control') ?? ''),
        'Cache-Control is not no-store (RFC 6749 §5.1: a token response must not be cached).',
      );
    },
  },
  {
    id: 'auth.oauth-wrong-secret-refused',
    scope: 'common',
    name: 'The token endpoint refuses a wrong client secret with 401 invalid_client',
    source: 'RFC 6749 §5.2',
    consequence: 'A regenerated or mistyped client secret still gets tokens: revoking a secret revokes nothing.',
    appliesTo: ['oauth'],
    run: async (c) => {
      const auth = oauthOf(c);
      const answer = await requestToken(c, auth, `${auth.clientSecret}-wrong`);
      if (!c.expectStatus(answer, 401)) return;
      c.expect(answer.body?.error === 'invalid_client', `error is ${JSON.stringify(answer.body?.error)}, expected "invalid_client".`);
    },
  },
  {
    id: 'auth.oauth-made-up-token-refused',
    scope: 'common',
    name: 'A made-up access token is refused with a SCIM 401',
    source: 'RFC 6750 §3.1, RFC 7644 §3.12',
    consequence: 'Any bearer string is an access token here: the token endpoint protects nothing.',
    appliesTo: ['oauth'],
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/Users', undefined, { authorization: 'Bearer made-up-conformance-check-token' });
      expectScimUnauthorized(c, answer);
    },
  },
];
