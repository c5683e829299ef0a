import type { OperationKind } from '../exchange-facts';
import type { VerdictRule } from '../rule';

/** The success status RFC 7644 names for each operation. */
const SUCCESS: { kind: OperationKind; id: string; allowed: number[]; section: string; words: string }[] = [
  { kind: 'create', id: 'rfc.create-status', allowed: [201], section: 'RFC 7644 §3.3', words: 'A successful create answers 201 Created' },
  { kind: 'read', id: 'rfc.read-status', allowed: [200], section: 'RFC 7644 §3.4.1', words: 'A successful read answers 200 OK' },
  { kind: 'list', id: 'rfc.list-status', allowed: [200], section: 'RFC 7644 §3.4.2', words: 'A successful query answers 200 OK' },
  { kind: 'replace', id: 'rfc.replace-status', allowed: [200], section: 'RFC 7644 §3.5.1', words: 'A successful PUT answers 200 OK' },
  {
    kind: 'patch',
    id: 'rfc.patch-status',
    allowed: [200, 204],
    section: 'RFC 7644 §3.5.2',
    words: 'A successful PATCH answers 200 OK with the resource, or 204 No Content',
  },
  { kind: 'delete', id: 'rfc.delete-status', allowed: [204], section: 'RFC 7644 §3.6', words: 'A successful DELETE answers 204 No Content' },
];

export const statusRules: VerdictRule[] = [
  ...SUCCESS.map(({ kind, id, allowed, section, words }): VerdictRule => ({
    id,
    severity: 'error',
    rule: `${words}.`,
    source: section,
    fix: `Answer ${allowed.join(' or ')} when the ${kind} succeeds.`,
    judge: (facts) =>
      facts.kind === kind && facts.status >= 200 && facts.status < 300 && !allowed.includes(facts.status)
        ? `The ${kind} succeeded with ${facts.status}.`
        : undefined,
  })),
  {
    id: 'rfc.create-location',
    severity: 'warning',
    rule: 'A 201 Created names the new resource in the Location header.',
    source: 'RFC 7644 §3.3',
    fix: 'Send `Location: <base URL>/Users/<id>` (the same URL as meta.location) with every 201.',
    judge: (facts) => (facts.kind === 'create' && facts.status === 201 && !facts.header('location') ? 'The 201 has no Location header.' : undefined),
  },
  {
    id: 'rfc.no-redirect',
    severity: 'error',
    rule: 'A SCIM operation is answered where it was sent: IdPs do not follow a redirect (a login page, another host).',
    source: 'RFC 7644 §3.1, §3.12',
    fix: 'Serve SCIM at the base URL the IdP was given, without redirecting (and without a login page in front of it).',
    judge: (facts) =>
      facts.status >= 300 && facts.status < 400 && facts.status !== 304
        ? `The ${facts.kind} was answered ${facts.status}${facts.header('location') ? `, redirecting to ${facts.header('location')}` : ''}.`
        : undefined,
  },
  {
    id: 'rfc.filter-not-found',
    severity: 'error',
    rule: 'A query whose filter matches nothing answers 200 with a ListResponse of totalResults 0, not 404.',
    source: 'RFC 7644 §3.4.2',
    fix: 'Answer an empty ListResponse ({"totalResults": 0, "Resources": []}) when no resource matches the filter.',
    judge: (facts) =>
      facts.kind === 'list' && facts.filter !== undefined && facts.status === 404 ? `The filter ${JSON.stringify(facts.filter)} was answered 404.` : undefined,
  },
];
