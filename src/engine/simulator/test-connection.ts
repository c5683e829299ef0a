import { randomUUID } from 'node:crypto';
import type { TestConnectionIdp, TestConnectionResult } from '../../shared/admin-api';
import { WORKBENCH_VERSION } from '../version';
import type { ReplayAuth } from '../../shared/replay';
import { authHeadersFor } from '../client/scim-client';
import { OAuthTokenSource } from '../client/oauth-token-source';

/**
 * The request each IdP sends when its admin presses "Test Connector Configuration" / "Test
 * Connection", and what it requires of the answer:
 * - Okta: GET /Users?startIndex=1&count=2 (count=2 is constant); a 200 ListResponse.
 * - Entra ID: GET /Users?filter=userName eq "<random>"; a 200 ListResponse, empty, since the
 *   random user does not exist (a 404 or an error fails the test).
 */
const PROBES: Record<TestConnectionIdp, { name: string; userAgent: string; path: () => string }> = {
  okta: { name: 'Okta', userAgent: 'Okta SCIM Client 1.0.0', path: () => '/Users?startIndex=1&count=2' },
  entra: {
    name: 'Entra ID',
    userAgent: 'Microsoft.Identity.Provisioning',
    path: () => `/Users?filter=${encodeURIComponent(`userName eq "test-connection-${randomUUID()}"`)}`,
  },
};

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface TestConnectionInput {
  idp: TestConnectionIdp;
  /** The SCIM base URL as the IdP would be given it. */
  scimBaseUrl: string;
  token: string;
  /** The workspace's credentials in its auth mode (see workspace-credentials.ts); absent: `token` as a bearer token. */
  auth?: ReplayAuth;
  throughTunnel: boolean;
  timeoutMs?: number;
}

/** Sends the IdP's test-connection request and judges the answer the way that IdP does. */
export async function testConnection(input: TestConnectionInput): Promise<TestConnectionResult> {
  const probe = PROBES[input.idp];
  const url = `${input.scimBaseUrl.replace(/\/+$/, '')}${probe.path()}`;
  const started = performance.now();
  const base = { idp: input.idp, url, throughTunnel: input.throughTunnel };
  let response: Response;
  try {
    // An OAuth workspace: the token request comes first, as the IdP's own test does.
    const credentials = input.auth
      ? await authHeadersFor(input.auth, input.auth.kind === 'oauth' ? new OAuthTokenSource(input.auth) : undefined)
      : { authorization: `Bearer ${input.token}` };
    response = await fetch(url, {
      headers: {
        ...credentials,
        accept: 'application/scim+json',
        'user-agent': `${probe.userAgent} (sent by scim-workbench/${WORKBENCH_VERSION} test connection)`,
      },
      signal: AbortSignal.timeout(input.timeoutMs ?? 15_000),
      redirect: 'manual',
    });
  } catch (error) {
    const durationMs = performance.now() - started;
    const cause =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${(input.timeoutMs ?? 15_000) / 1000} s`
        : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
    return {
      ...base,
      ok: false,
      durationMs,
      problems: [`The request did not get through: ${cause}.`],
      verdict: `${probe.name} would say it cannot connect to the SCIM server (${cause}).`,
    };
  }
  const text = await response.text();
  const durationMs = performance.now() - started;
  const problems: string[] = [];
  if (response.status === 401 || response.status === 403)
    problems.push(
      !input.auth || input.auth.kind === 'bearer'
        ? `HTTP ${response.status}: the token was refused — paste the workspace's current token into ${probe.name}.`
        : `HTTP ${response.status}: the credentials were refused — paste the workspace's current auth settings and secret into ${probe.name}.`,
    );
  else if (response.status !== 200) problems.push(`HTTP ${response.status} where ${probe.name} expects 200.`);
  const contentType = response.headers.get('content-type') ?? '';
  if (response.status === 200 && !/application\/(scim\+)?json/i.test(contentType))
    problems.push(`Content-Type is "${contentType || 'missing'}", not application/scim+json: the answer is not from a SCIM server (a tunnel's warning page?).`);
  let body: { schemas?: unknown; totalResults?: unknown; Resources?: unknown } | undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    if (response.status === 200) problems.push('The body is not JSON.');
  }
  if (response.status === 200 && body) {
    if (!Array.isArray(body.schemas) || !body.schemas.includes(LIST_RESPONSE)) problems.push(`The body's schemas lack ${LIST_RESPONSE}.`);
    if (typeof body.totalResults !== 'number') problems.push('totalResults is missing or not a number.');
    if (body.Resources !== undefined && !Array.isArray(body.Resources)) problems.push('Resources is not a list.');
    if (input.idp === 'entra' && typeof body.totalResults === 'number' && body.totalResults !== 0)
      problems.push(`A filter on a user that cannot exist returned ${body.totalResults} results: the filter is ignored.`);
  }
  const ok = problems.length === 0;
  return {
    ...base,
    ok,
    status: response.status,
    durationMs,
    problems,
    verdict: ok ? `${probe.name} would accept this connection.` : `${probe.name} would report the connection test as failed.`,
  };
}
