import { SCIM_MEDIA_TYPE } from '../../scim/urns';
import type { VerdictRule } from '../rule';

const SCIM_JSON = /^application\/scim\+json\s*(;|$)/i;

export const contentTypeRules: VerdictRule[] = [
  {
    id: 'rfc.content-type',
    severity: 'warning',
    rule: `A SCIM answer with a body is sent as ${SCIM_MEDIA_TYPE}.`,
    source: 'RFC 7644 §3.1, §8.1',
    fix: `Set \`Content-Type: ${SCIM_MEDIA_TYPE}; charset=utf-8\` on every SCIM answer with a body (Okta and Entra ID also read application/json, stricter clients do not).`,
    judge: (facts) => {
      if (!facts.bodyText.trim()) return undefined;
      const type = facts.header('content-type');
      return type && SCIM_JSON.test(type) ? undefined : `Content-Type is ${type ? JSON.stringify(type) : 'missing'}.`;
    },
  },
  {
    id: 'rfc.body-not-json',
    severity: 'error',
    rule: 'A SCIM answer with a body carries JSON.',
    source: 'RFC 7644 §3.1',
    fix: 'Send the resource, the ListResponse or the SCIM error as JSON.',
    // An error's body is rfc.error-schema's.
    judge: (facts) =>
      facts.status < 400 && facts.bodyText.trim() && facts.body === undefined && facts.bodyText.length <= 4 * 1024 * 1024 ? 'The body is not JSON.' : undefined,
  },
];
