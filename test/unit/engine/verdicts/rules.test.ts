import { describe, expect, it } from 'vitest';
import { judgeExchange, type JudgeableExchange } from '../../../../src/engine/verdicts/judge';
import { VERDICT_RULES } from '../../../../src/engine/verdicts/rules';
import { MAX_JUDGED_BODY } from '../../../../src/engine/verdicts/exchange-facts';
import { URN } from '../../../../src/engine/scim/urns';
import type { ClientKind } from '../../../../src/shared/recording';

/** Each rule fires on its bad answer and not on a good one; a good answer gets no finding at all. */

const LOCATION = 'https://app.example.com/scim/v2/Users/u1';
const user = (over: Record<string, unknown> = {}) => ({
  schemas: [URN.user],
  id: 'u1',
  userName: 'Jane@Example.com',
  active: true,
  meta: { resourceType: 'User', location: LOCATION, version: 'W/"1"' },
  ...over,
});
const list = (over: Record<string, unknown> = {}) => ({
  schemas: [URN.listResponse],
  totalResults: 3,
  startIndex: 1,
  itemsPerPage: 2,
  Resources: [user(), user({ id: 'u2', userName: 'bob@example.com', meta: { resourceType: 'User', location: `${LOCATION}x` } })],
  ...over,
});
const error = (status: number, over: Record<string, unknown> = {}) => ({ schemas: [URN.error], status: String(status), detail: 'Nope.', ...over });

interface Sketch {
  client?: ClientKind;
  method: string;
  url: string;
  requestBody?: unknown;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

function exchange({ client = 'other', method, url, requestBody, status, headers, body }: Sketch): JudgeableExchange {
  const responseHeaders = headers ?? (body === undefined ? {} : { 'content-type': 'application/scim+json; charset=utf-8' });
  return {
    client,
    request: { method, url: `/scim/v2${url}`, headers: [], body: requestBody === undefined ? null : JSON.stringify(requestBody) },
    response: {
      status,
      headers: Object.entries(responseHeaders),
      body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    },
  };
}

const scimHeaders = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/scim+json', etag: 'W/"1"', ...extra });
const LOOKUP = `/Users?filter=${encodeURIComponent('userName eq "Jane@Example.com"')}`;
const PATCH_BODY = {
  schemas: [URN.patchOp],
  Operations: [
    { op: 'replace', path: 'active', value: false },
    { op: 'Replace', value: { displayName: 'Jay', name: { givenName: 'Jay' } } },
    { op: 'remove', path: 'title' },
    { op: 'add', path: 'members', value: [{ value: 'x' }] },
  ],
};
const patched = user({ active: false, displayName: 'Jay', name: { givenName: 'Jay' } });

const GOOD: Record<string, Sketch> = {
  create: {
    method: 'POST',
    url: '/Users',
    requestBody: { schemas: [URN.user], userName: 'Jane@Example.com' },
    status: 201,
    headers: scimHeaders({ location: LOCATION }),
    body: user(),
  },
  read: { method: 'GET', url: '/Users/u1', status: 200, headers: scimHeaders(), body: user() },
  list: { method: 'GET', url: '/Users?startIndex=1&count=2', status: 200, body: list() },
  lookup: { method: 'GET', url: LOOKUP, status: 200, body: list({ totalResults: 1, itemsPerPage: 1, Resources: [user()] }) },
  patch: { method: 'PATCH', url: '/Users/u1', requestBody: PATCH_BODY, status: 200, body: patched },
  replace: { method: 'PUT', url: '/Users/u1', requestBody: user(), status: 200, headers: scimHeaders(), body: user() },
  delete: { method: 'DELETE', url: '/Users/u1', status: 204 },
  conflict: { method: 'POST', url: '/Users', requestBody: { userName: 'Jane@Example.com' }, status: 409, body: error(409, { scimType: 'uniqueness' }) },
  missing: { method: 'GET', url: '/Users/zz', status: 404, body: error(404) },
};

/** For each rule: the good answer it must not fire on and a bad one it must. */
const CASES: { id: string; good: Sketch; bad: Sketch }[] = [
  { id: 'rfc.create-status', good: GOOD.create!, bad: { ...GOOD.create!, status: 200 } },
  { id: 'rfc.read-status', good: GOOD.read!, bad: { ...GOOD.read!, status: 203 } },
  { id: 'rfc.list-status', good: GOOD.list!, bad: { ...GOOD.list!, status: 206 } },
  { id: 'rfc.replace-status', good: GOOD.replace!, bad: { ...GOOD.replace!, status: 201 } },
  { id: 'rfc.patch-status', good: { ...GOOD.patch!, status: 204, body: undefined }, bad: { ...GOOD.patch!, status: 202 } },
  { id: 'rfc.delete-status', good: GOOD.delete!, bad: { ...GOOD.delete!, status: 200 } },
  { id: 'rfc.create-location', good: GOOD.create!, bad: { ...GOOD.create!, headers: scimHeaders() } },
  { id: 'rfc.filter-not-found', good: GOOD.lookup!, bad: { ...GOOD.lookup!, status: 404, body: error(404) } },
  { id: 'rfc.content-type', good: GOOD.read!, bad: { ...GOOD.read!, headers: { 'content-type': 'application/json', etag: 'W/"1"' } } },
  { id: 'rfc.body-not-json', good: GOOD.read!, bad: { ...GOOD.read!, body: '<html>user</html>' } },
  { id: 'rfc.error-status-code', good: GOOD.conflict!, bad: { ...GOOD.conflict!, status: 422, body: error(422) } },
  { id: 'rfc.error-schema', good: GOOD.conflict!, bad: { ...GOOD.conflict!, body: { message: 'taken' } } },
  { id: 'rfc.error-status', good: GOOD.missing!, bad: { ...GOOD.missing!, body: error(404, { status: 404 }) } },
  { id: 'rfc.scim-type', good: GOOD.conflict!, bad: { ...GOOD.conflict!, body: error(409, { scimType: 'invalidFilter' }) } },
  { id: 'rfc.list-schema', good: GOOD.list!, bad: { ...GOOD.list!, body: list({ schemas: [URN.user] }) } },
  { id: 'rfc.list-total', good: GOOD.list!, bad: { ...GOOD.list!, body: list({ totalResults: '3' }) } },
  { id: 'rfc.list-paging-integers', good: GOOD.list!, bad: { ...GOOD.list!, body: list({ startIndex: '1' }) } },
  { id: 'rfc.list-resources', good: GOOD.list!, bad: { ...GOOD.list!, body: list({ itemsPerPage: 0, Resources: undefined }) } },
  { id: 'rfc.list-items-per-page', good: GOOD.list!, bad: { ...GOOD.list!, body: list({ itemsPerPage: 5 }) } },
  {
    id: 'rfc.list-count',
    good: GOOD.list!,
    bad: { ...GOOD.list!, body: list({ itemsPerPage: 3, Resources: [user(), user({ id: 'u2' }), user({ id: 'u3' })] }) },
  },
  { id: 'rfc.list-start-index', good: GOOD.list!, bad: { ...GOOD.list!, body: list({ startIndex: 0 }) } },
  { id: 'rfc.list-total-short', good: GOOD.list!, bad: { ...GOOD.list!, body: list({ totalResults: 1 }) } },
  { id: 'rfc.list-resource-id', good: GOOD.list!, bad: { ...GOOD.list!, body: list({ Resources: [user(), { userName: 'bob' }] }) } },
  { id: 'rfc.resource-id', good: GOOD.read!, bad: { ...GOOD.read!, body: user({ id: 'someone-else' }) } },
  { id: 'rfc.no-redirect', good: GOOD.create!, bad: { ...GOOD.create!, status: 302, headers: { location: 'https://login.example.com/' }, body: undefined } },
  { id: 'rfc.resource-schemas', good: GOOD.read!, bad: { ...GOOD.read!, body: user({ schemas: [URN.group] }) } },
  { id: 'rfc.resource-meta', good: GOOD.read!, bad: { ...GOOD.read!, body: user({ meta: { resourceType: 'Group', version: 'W/"1"' } }) } },
  {
    id: 'rfc.meta-location',
    good: GOOD.read!,
    bad: { ...GOOD.read!, body: user({ meta: { resourceType: 'User', location: 'https://x/scim/v2/Users/u2', version: 'W/"1"' } }) },
  },
  { id: 'rfc.etag-version', good: GOOD.read!, bad: { ...GOOD.read!, headers: scimHeaders({ etag: 'W/"2"' }) } },
  { id: 'rfc.patch-result', good: GOOD.patch!, bad: { ...GOOD.patch!, body: user({ active: false, displayName: 'Jane', name: { givenName: 'Jay' } }) } },
  { id: 'okta.create-id', good: { ...GOOD.create!, client: 'okta' }, bad: { ...GOOD.create!, client: 'okta', body: { ...user(), id: undefined } } },
  {
    id: 'okta.create-username',
    good: { ...GOOD.create!, client: 'okta' },
    bad: { ...GOOD.create!, client: 'okta', body: user({ userName: 'jane@example.com' }) },
  },
  { id: 'okta.lookup-list', good: { ...GOOD.lookup!, client: 'okta' }, bad: { ...GOOD.lookup!, client: 'okta', body: user() } },
  { id: 'okta.import-paging', good: { ...GOOD.list!, client: 'okta' }, bad: { ...GOOD.list!, client: 'okta', body: list({ itemsPerPage: 5 }) } },
  { id: 'entra.lookup-list', good: { ...GOOD.lookup!, client: 'entra' }, bad: { ...GOOD.lookup!, client: 'entra', status: 404, body: error(404) } },
  { id: 'entra.quarantine-404', good: { ...GOOD.read!, client: 'entra' }, bad: { ...GOOD.missing!, client: 'entra' } },
  { id: 'entra.server-error', good: { ...GOOD.replace!, client: 'entra' }, bad: { ...GOOD.replace!, client: 'entra', status: 500, body: error(500) } },
];

const ids = (sketch: Sketch) => judgeExchange(exchange(sketch)).map((finding) => finding.id);

describe('every rule', () => {
  it('has a case below', () => {
    expect(CASES.map((item) => item.id).sort()).toEqual(VERDICT_RULES.map((rule) => rule.id).sort());
  });

  it.each(CASES)('$id fires on its bad answer and not on the good one', ({ id, good, bad }) => {
    expect(ids(bad)).toContain(id);
    expect(ids(good)).not.toContain(id);
  });
});

describe('good answers', () => {
  it.each(Object.entries(GOOD))('%s gets no finding, from any client', (name, sketch) => {
    // A correct 404 is still a 404 to Entra ID (entra.quarantine-404): from Entra, it is a warning.
    for (const client of ['okta', 'entra', 'onelogin', 'other'] as const)
      expect(ids({ ...sketch, client })).toEqual(name === 'missing' && client === 'entra' ? ['entra.quarantine-404'] : []);
  });
});

describe('what the engine leaves alone', () => {
  it("judges an IdP's rule only on that IdP's traffic", () => {
    const noId = { ...GOOD.create!, body: { ...user(), id: undefined } };
    expect(ids({ ...noId, client: 'okta' })).toContain('okta.create-id');
    expect(ids({ ...noId, client: 'entra' })).not.toContain('okta.create-id');
    expect(ids({ ...GOOD.missing!, client: 'okta' })).toEqual([]);
  });

  it('judges only the status of an answer whose body it did not read: over the parse limit, or not recorded', () => {
    const huge = { ...GOOD.create!, client: 'okta' as const, body: user({ padding: 'x'.repeat(MAX_JUDGED_BODY) }) };
    expect(ids(huge)).toEqual([]);
    expect(ids({ ...huge, status: 200 })).toEqual(['rfc.create-status']);
    const unrecorded = { ...exchange({ ...GOOD.create!, client: 'okta', body: undefined }), notes: [{ kind: 'proxied' as const, code: 'bodyNotRecorded' }] };
    expect(judgeExchange(unrecorded)).toEqual([]);
  });

  it('judges no exchange that is not a SCIM operation, nor one kept in summary form', () => {
    expect(ids({ method: 'POST', url: '/oauth/token', status: 400, body: { error: 'invalid_client' } })).toEqual([]);
    expect(ids({ method: 'POST', url: '/Bulk', status: 200, body: 'x' })).toEqual([]);
    const summarised = { ...exchange({ ...GOOD.create!, status: 200 }), notes: [{ kind: 'summarised' as const }] };
    expect(judgeExchange(summarised)).toEqual([]);
  });

  it('finds the endpoint from the end of any base path, and a POST /.search as a query', () => {
    const read = exchange({ ...GOOD.read!, status: 203 });
    expect(judgeExchange({ ...read, request: { ...read.request, url: '/w/users/api/scim/Users/u1' } }).map((finding) => finding.id)).toEqual([
      'rfc.read-status',
    ]);
    const search = exchange({ method: 'POST', url: '/Users/.search', requestBody: { startIndex: 1, count: 1 }, status: 200, body: list() });
    expect(judgeExchange(search).map((finding) => finding.id)).toEqual(['rfc.list-count']);
  });

  it("takes Entra's boolean string and an unqualified extension path as applied", () => {
    const body = {
      schemas: [URN.patchOp],
      Operations: [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'department', value: 'Sales' },
      ],
    };
    const answer = user({ active: false, [URN.enterpriseUser]: { department: 'Sales' } });
    expect(ids({ ...GOOD.patch!, client: 'entra', requestBody: body, body: answer })).toEqual([]);
    expect(ids({ ...GOOD.patch!, client: 'entra', requestBody: body, body: user({ active: false }) })).toEqual(['rfc.patch-result']);
  });

  it('does not hold a PATCH answer to a secret the recorder redacted', () => {
    const body = { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'urn:example:secret:apiKey', value: '[redacted]' }] };
    expect(ids({ ...GOOD.patch!, requestBody: body, body: user() })).toEqual([]);
  });

  it('says what it saw and what to do in every finding', () => {
    const [finding] = judgeExchange(exchange({ ...GOOD.list!, body: list({ itemsPerPage: 5 }) }));
    expect(finding).toEqual({
      id: 'rfc.list-items-per-page',
      severity: 'error',
      rule: 'itemsPerPage is the number of resources in this page.',
      source: 'RFC 7644 §3.4.2',
      seen: 'itemsPerPage is 5 but the page holds 2 resources.',
      fix: 'Set "itemsPerPage" to Resources.length, not to the page size asked for or the total.',
    });
  });
});
