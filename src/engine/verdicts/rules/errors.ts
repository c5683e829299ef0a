import { isPlainObject } from '../../../shared/json-values';
import { URN } from '../../scim/urns';
import type { VerdictRule } from '../rule';

/** The scimType values of RFC 7644 §3.12's table, with the status each belongs to. */
export const SCIM_TYPES: Record<string, number> = {
  invalidFilter: 400,
  tooMany: 400,
  uniqueness: 409,
  mutability: 400,
  invalidSyntax: 400,
  invalidPath: 400,
  noTarget: 400,
  invalidValue: 400,
  invalidVers: 400,
  sensitive: 403,
};

const isScimError = (body: unknown): body is Record<string, unknown> =>
  isPlainObject(body) && Array.isArray(body.schemas) && (body.schemas as unknown[]).includes(URN.error);

/**
 * The error statuses RFC 7644 §3.12 names; HTTP's own for a method, Accept or Content-Type the
 * server does not take (405, 406, 415); and those a gateway or a rate limit answers in front of any
 * HTTP service (429, 502–504), which IdPs retry.
 */
const ERROR_STATUSES = new Set([400, 401, 403, 404, 405, 406, 409, 412, 413, 415, 429, 500, 501, 502, 503, 504]);

export const errorRules: VerdictRule[] = [
  {
    id: 'rfc.error-status-code',
    severity: 'warning',
    rule: "An error is answered with an HTTP status RFC 7644 §3.12 lists (400, 401, 403, 404, 409, 412, 413, 500, 501), HTTP's 405/406/415, or a gateway or rate limit status (429, 502–504).",
    source: 'RFC 7644 §3.12',
    fix: 'Refuse a request the server cannot take with 400 and the scimType that says why (invalidValue, invalidSyntax…), a taken value with 409.',
    judge: (facts) => (facts.status >= 400 && !ERROR_STATUSES.has(facts.status) ? `The error was answered ${facts.status}.` : undefined),
  },
  {
    id: 'rfc.error-schema',
    severity: 'error',
    rule: `An error answer is a JSON body with schemas ["${URN.error}"], status and detail.`,
    source: 'RFC 7644 §3.12',
    fix: `Answer every 4xx and 5xx with {"schemas": ["${URN.error}"], "status": "<code>", "detail": "<what went wrong>"}.`,
    judge: (facts) => {
      if (facts.status < 400 || isScimError(facts.body)) return undefined;
      if (!facts.bodyText.trim()) return `The ${facts.status} has no body.`;
      return facts.body === undefined ? `The ${facts.status}'s body is not JSON.` : `The ${facts.status}'s body lacks the Error schema.`;
    },
  },
  {
    id: 'rfc.error-status',
    severity: 'warning',
    rule: "An error body's `status` is the HTTP status code as a JSON string.",
    source: 'RFC 7644 §3.12',
    fix: 'Set "status" to the HTTP status code as a string, e.g. "404".',
    judge: (facts) => {
      if (facts.status < 400 || !isScimError(facts.body)) return undefined;
      const status = facts.body.status;
      if (status === String(facts.status)) return undefined;
      return status === undefined ? 'The error has no status.' : `The error's status is ${JSON.stringify(status)} on a ${facts.status}.`;
    },
  },
  {
    id: 'rfc.scim-type',
    severity: 'warning',
    rule: 'An error\'s `scimType` is one of RFC 7644\'s values, on the status it belongs to (400; "uniqueness" on 409; "sensitive" on 403).',
    source: 'RFC 7644 §3.12 (Table 9)',
    fix: 'Use a scimType from the RFC on its status (e.g. 409 "uniqueness", 400 "invalidFilter"), or leave it out.',
    judge: (facts) => {
      if (facts.status < 400 || !isScimError(facts.body) || facts.body.scimType === undefined) return undefined;
      const scimType = facts.body.scimType;
      if (typeof scimType !== 'string' || !Object.hasOwn(SCIM_TYPES, scimType)) return `scimType ${JSON.stringify(scimType)} is not an RFC 7644 value.`;
      return SCIM_TYPES[scimType] === facts.status ? undefined : `scimType "${scimType}" on a ${facts.status} (it belongs to ${SCIM_TYPES[scimType]}).`;
    },
  },
];
