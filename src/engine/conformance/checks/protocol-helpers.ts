import type { ScimAnswer } from '../../client/scim-client';
import { URN } from '../../scim/urns';
import { ERROR_SCHEMA, type CheckContext } from '../check-context';
import { q } from './check-helpers';

/**
 * Helpers of the protocol checks (filter, paging, sort, projection, etag, errors, bulk,
 * discovery consistency): what the server declares, small user fixtures a check makes for
 * itself, and assertions on lists and SCIM errors.
 */

/** What /ServiceProviderConfig declares (RFC 7643 §5), read by checks whose expectations depend on it. */
export interface DeclaredFeatures {
  patch: boolean;
  filter: boolean;
  sort: boolean;
  etag: boolean;
  bulk: boolean;
  maxResults: number | undefined;
  maxOperations: number | undefined;
  maxPayloadSize: number | undefined;
}

const supported = (body: Record<string, unknown> | undefined, feature: string) => (body?.[feature] as { supported?: unknown } | undefined)?.supported === true;
const positive = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);

/** Undefined, with the problem noted, when the server does not describe itself. */
export async function declaredFeatures(c: CheckContext): Promise<DeclaredFeatures | undefined> {
  const answer = await c.send('common', 'GET', '/ServiceProviderConfig');
  if (!c.expectStatus(answer, 200, 'the status of GET /ServiceProviderConfig')) return undefined;
  if (!answer.body) {
    // Nothing is known of what the server declares: a check that depends on it has nothing to test (and must not pass).
    c.skip('GET /ServiceProviderConfig did not answer a JSON object, so what the server declares is unknown (discovery.service-provider-config says why).');
    return undefined;
  }
  const body = answer.body;
  return {
    patch: supported(body, 'patch'),
    filter: supported(body, 'filter'),
    sort: supported(body, 'sort'),
    etag: supported(body, 'etag'),
    bulk: supported(body, 'bulk'),
    maxResults: positive((body.filter as { maxResults?: unknown } | undefined)?.maxResults),
    maxOperations: positive((body.bulk as { maxOperations?: unknown } | undefined)?.maxOperations),
    maxPayloadSize: positive((body.bulk as { maxPayloadSize?: unknown } | undefined)?.maxPayloadSize),
  };
}

/** One user a check created: the label it is known by in problems, and what the server answered. */
export interface Fixture {
  label: string;
  id: string;
  userName: string;
  body: Record<string, unknown>;
}

/**
 * Users a check needs for itself, named `<label>@<check>-<suffix>.example.com` so that no other
 * check's users (or another run's) can match its filters, and sharing a displayName (`scope`)
 * that filters on ne/not/pr/gt… are narrowed with (`displayName eq "…" and …`), so their answer
 * is small on a server that already holds thousands of users. Undefined when one could not be
 * created (the problem is noted).
 */
export async function userFixtures(
  c: CheckContext,
  check: string,
  specs: Record<string, Record<string, unknown>>,
): Promise<{ scope: string; users: Record<string, Fixture> } | undefined> {
  const scope = `Check ${check} ${c.state.suffix}`;
  const users: Record<string, Fixture> = {};
  for (const [label, extra] of Object.entries(specs)) {
    const userName = fixtureUserName(c, check, label);
    const created = await c.createFixture('common', 'Users', { schemas: [URN.user], userName, displayName: scope, ...extra });
    if (!created) return undefined;
    users[label] = { label, id: created.id, userName, body: created.body };
  }
  return { scope, users };
}

export const fixtureUserName = (c: CheckContext, check: string, label: string) => `${label}@${check}-${c.state.suffix}.example.com`;

/** The ids of a ListResponse's resources. */
export function idsIn(answer: ScimAnswer): string[] {
  const resources = answer.body?.Resources;
  return Array.isArray(resources) ? resources.map((resource) => (resource as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string') : [];
}

/**
 * GET /Users?filter=… must answer a ListResponse holding exactly the expected fixtures among
 * `among` (the check's own users); resources that are none of them are a problem only when
 * `exclusive` (the filter is narrowed to the check's users).
 */
export async function expectFilterFinds(
  c: CheckContext,
  filter: string,
  among: Record<string, Fixture>,
  expected: string[],
  exclusive = true,
): Promise<ScimAnswer> {
  const answer = await c.send('common', 'GET', `/Users${q(filter)}`);
  if (!c.expectStatus(answer, 200, `filter=${filter}: the status`) || !c.expectListResponse(answer)) return answer;
  const ids = idsIn(answer);
  const labelOf = new Map(Object.values(among).map((fixture) => [fixture.id, fixture.label]));
  const found = ids.filter((id) => labelOf.has(id)).map((id) => labelOf.get(id)!);
  const others = ids.length - found.length;
  const sorted = (labels: string[]) => [...labels].sort().join(', ') || 'none';
  if (sorted(found) !== sorted(expected) || (exclusive && others > 0)) {
    c.problems.push(
      `filter=${filter} found ${sorted(found)}${exclusive && others > 0 ? ` and ${others} other resource(s)` : ''}; expected ${sorted(expected)}.`,
    );
  }
  return answer;
}

/**
 * The SCIM error format (RFC 7644 §3.12): the status expected, the error schema, `status` as a
 * JSON string and, when given, one of the scimTypes that fit.
 */
export function expectScimError(c: CheckContext, answer: ScimAnswer, status: number, scimTypes?: string[]): boolean {
  if (!c.expectStatus(answer, status)) return false;
  const before = c.problems.length;
  c.expectScimJson(answer);
  const body = answer.body;
  c.expect(Array.isArray(body?.schemas) && (body.schemas as unknown[]).includes(ERROR_SCHEMA), `The error's schemas lacks ${ERROR_SCHEMA}.`);
  c.expect(body?.status === String(status), `The error's status is ${JSON.stringify(body?.status)}, expected the string "${status}".`);
  if (scimTypes)
    c.expect(
      scimTypes.includes(body?.scimType as string),
      `scimType is ${JSON.stringify(body?.scimType)}, expected ${scimTypes.map((type) => `"${type}"`).join(' or ')}.`,
    );
  return c.problems.length === before;
}

export const patchOf = (...operations: Record<string, unknown>[]) => ({ schemas: [URN.patchOp], Operations: operations });
