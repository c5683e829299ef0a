import type { CheckIdp, CheckResult, CheckScope } from '../../shared/conformance';
import type { ScimAnswer, ScimClient } from '../client/scim-client';
import { redactBody } from '../recorder/redact';
import type { ReplayAuth } from '../../shared/replay';
import { evidenceVerdicts } from './evidence-verdicts';

/** The evidence of one check: the request sent and the answer, kept short for reports. */
export interface Evidence {
  request: { method: string; path: string; body?: unknown };
  answer: ScimAnswer;
  /** Whose client sent it (its User-Agent): the IdP rules of the verdict apply to that IdP's requests. */
  scope?: CheckScope;
}

const SCIM_JSON = /^application\/scim\+json/i;
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * What a check runs with: a client per IdP (each with that IdP's User-Agent), what earlier checks
 * created (ids, names), and small assertions that collect problems in words instead of throwing.
 */
export class CheckContext {
  readonly problems: string[] = [];
  evidence: Evidence | undefined;
  /** What a passing check did not test, and why (e.g. a feature the server does not declare). */
  readonly notes: string[] = [];
  /** Set when the check does not apply to this server (it declares the feature unsupported): the result is a skip with this reason. */
  skipped: string | undefined;

  constructor(
    readonly clients: Record<CheckScope, ScimClient>,
    readonly state: CheckState,
    /** The credentials the check runs with (the auth checks send wrong ones of the same kind). */
    readonly auth: ReplayAuth = { kind: 'none' },
  ) {}

  async send(
    scope: CheckScope,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    options?: { withoutAuth?: boolean },
  ): Promise<ScimAnswer> {
    const answer = await this.clients[scope].send(method, path, body, headers, options);
    // The evidence is the exchange where the first problem showed, not a later clean-up or read-back.
    if (this.problems.length === 0 || !this.evidence) this.evidence = { request: { method, path, ...(body !== undefined && { body }) }, answer, scope };
    return answer;
  }

  expectStatus(answer: ScimAnswer, expected: number | number[], what = 'the status'): boolean {
    const allowed = [expected].flat();
    if (allowed.includes(answer.status)) return true;
    this.problems.push(`${what} is ${answer.status}, expected ${allowed.join(' or ')}${errorDetail(answer)}.`);
    return false;
  }

  expectScimJson(answer: ScimAnswer): void {
    if (answer.status === 204) return;
    if (!SCIM_JSON.test(answer.contentType))
      this.problems.push(`Content-Type is "${answer.contentType || 'missing'}", expected application/scim+json (RFC 7644 §3.1).`);
  }

  expectListResponse(answer: ScimAnswer): boolean {
    const body = answer.body;
    if (!body) {
      this.problems.push('The body is not a JSON object.');
      return false;
    }
    const before = this.problems.length;
    if (!Array.isArray(body.schemas) || !body.schemas.includes(LIST_RESPONSE)) this.problems.push(`schemas lacks ${LIST_RESPONSE}.`);
    for (const key of ['totalResults', 'startIndex', 'itemsPerPage'])
      if (typeof body[key] !== 'number') this.problems.push(`${key} is missing or not a number.`);
    if (body.Resources !== undefined && !Array.isArray(body.Resources)) this.problems.push('Resources is not a list.');
    if ((body.totalResults as number) > 0 && !Array.isArray(body.Resources)) this.problems.push('totalResults > 0 but no Resources list.');
    return this.problems.length === before;
  }

  /**
   * Creates a resource a check needs for itself (not the shared check user or group), tracked for
   * the clean-up at the end whatever the answer. Undefined, with the problem noted, when the server
   * did not create it: the check then stops, failing for a reason it names.
   */
  async createFixture(
    scope: CheckScope,
    type: 'Users' | 'Groups',
    body: Record<string, unknown>,
  ): Promise<{ id: string; body: Record<string, unknown> } | undefined> {
    const answer = await this.send(scope, 'POST', `/${type}`, body);
    const id = typeof answer.body?.id === 'string' ? answer.body.id : undefined;
    if (id) this.state.created.push({ type, id });
    // Any success with an id will do: the create's own status is judged by users.create and
    // groups.create, and a check should fail for its own fault, not for one already reported.
    if (!id || answer.status < 200 || answer.status > 299) {
      this.problems.push(`Creating a ${type === 'Users' ? 'user' : 'group'} this check needs answered ${answer.status}${errorDetail(answer)}.`);
      return undefined;
    }
    return { id, body: answer.body! };
  }

  skip(reason: string): void {
    this.skipped = reason;
  }

  expect(condition: boolean, problem: string): boolean {
    if (!condition) this.problems.push(problem);
    return condition;
  }
}

/** What the checks create and share; removed at the end. */
export interface CheckState {
  suffix: string;
  userId?: string;
  userName?: string;
  externalId?: string;
  secondUserId?: string;
  groupId?: string;
  groupName?: string;
  /** Set once the server confirmed the user was added to the group, cleared once it confirmed the removal. */
  memberInGroup?: boolean;
  /** Members of the large group (large-groups checks); the group and its size. */
  largeGroup?: { id: string; memberIds: string[] };
  /** How many members the large-group checks give their group (300 when not set). */
  largeGroupSize?: number;
  created: { type: 'Users' | 'Groups'; id: string }[];
}

function errorDetail(answer: ScimAnswer): string {
  const detail = answer.body?.detail;
  return typeof detail === 'string' ? ` ("${detail.slice(0, 200)}")` : '';
}

export interface CheckDefinition {
  id: string;
  scope: CheckScope;
  name: string;
  source: string;
  /** What the IdP does with a server that fails this. */
  consequence: string;
  /** The IdPs whose verdict this check counts in, when not its scope's (a common check: all). */
  idps?: CheckIdp[];
  /** The kinds of credentials this check is about (auth checks); a run with other credentials leaves it out. */
  appliesTo?: ReplayAuth['kind'][];
  /** Checks whose state this one needs; skipped when one of them failed. */
  needs?: (state: CheckState) => boolean;
  run(context: CheckContext): Promise<void>;
}

export function toResult(definition: CheckDefinition, status: CheckResult['status'], context?: CheckContext, extra: string[] = []): CheckResult {
  const evidence = context?.evidence;
  const problems = [...(context?.problems ?? []), ...extra];
  const verdicts = evidence ? evidenceVerdicts(evidence) : [];
  return {
    id: definition.id,
    scope: definition.scope,
    name: definition.name,
    source: definition.source,
    status,
    // Secrets a check sends (Okta's password sync) or a server echoes are redacted as in a recording.
    ...(evidence && {
      request: { ...evidence.request, ...(evidence.request.body !== undefined && { body: redactedJson(evidence.request.body) }) },
      response: { status: evidence.answer.status, contentType: evidence.answer.contentType, body: (redactBody(evidence.answer.text) ?? '').slice(0, 2000) },
    }),
    problems,
    ...(context && context.notes.length > 0 && { notes: context.notes }),
    consequence: status === 'fail' ? definition.consequence : '',
    ...(verdicts.length > 0 && { verdicts }),
  };
}

function redactedJson(body: unknown): unknown {
  if (typeof body === 'string') return redactBody(body);
  const text = redactBody(JSON.stringify(body));
  return text === null ? body : JSON.parse(text);
}
