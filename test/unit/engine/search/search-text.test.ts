import { describe, expect, it } from 'vitest';
import { searchDocument, type SearchableExchange } from '../../../../src/engine/search/search-text';
import { parseBody } from '../../../../src/engine/verdicts/exchange-facts';

const exchange = (overrides: Partial<SearchableExchange> = {}): SearchableExchange => ({
  sessionId: 4,
  workspace: 'Demo',
  client: 'okta',
  operation: 'Okta deactivated user jane@acme.com',
  notes: [],
  changes: [],
  request: {
    method: 'PATCH',
    url: '/scim/v2/Users/u%2D1?attributes=userName',
    headers: [['user-agent', 'Okta SCIM Client']],
    body: JSON.stringify({ Operations: [{ op: 'replace', value: { active: false } }] }),
  },
  response: {
    status: 200,
    headers: [['content-type', 'application/scim+json']],
    body: JSON.stringify({
      userName: 'jane@acme.com',
      displayName: 'Jane Doe',
      name: { givenName: 'Jane', familyName: 'Doe' },
      emails: [{ value: 'jd@acme.com' }],
      externalId: 'ext-9',
      title: 'Caf\u00e9 "boss"',
    }),
  },
  ...overrides,
});

describe('searchDocument', () => {
  it('renders bodies as keys and values, strings unescaped', () => {
    const { text } = searchDocument(exchange(), false);
    expect(text).toContain('Operations op replace value active false');
    expect(text).toContain('userName jane@acme.com displayName Jane Doe');
    expect(text).toContain('title Café "boss"');
    expect(text).not.toContain('\\"');
  });

  it('holds the operation, method, status, decoded path and query, and headers', () => {
    const { text, path, op } = searchDocument(exchange(), false);
    expect(text.split('\n').slice(0, 6)).toEqual([
      'Okta deactivated user jane@acme.com',
      'PATCH',
      '200',
      '/scim/v2/Users/u-1',
      'attributes userName',
      'user-agent Okta SCIM Client',
    ]);
    expect(path).toBe('/scim/v2/Users/u-1');
    expect(op).toBe('Okta deactivated user jane@acme.com');
    const lookup = searchDocument(
      exchange({ request: { method: 'GET', url: `/scim/v2/Users?filter=${encodeURIComponent('userName eq "jane"')}`, headers: [], body: null } }),
      false,
    );
    expect(lookup.text).toContain('filter userName eq "jane"');
    expect(lookup.user.split('\n')).toContain('jane');
  });

  it('collects who the exchange is about', () => {
    expect(searchDocument(exchange(), false).user.split('\n')).toEqual([
      'Okta deactivated user jane@acme.com',
      'jane@acme.com',
      'Jane Doe',
      'jd@acme.com',
      'ext-9',
      'Jane Doe',
    ]);
  });

  it('gives exact tokens for status, method, client, workspace, session, has: and connection tests', () => {
    const document = searchDocument(
      exchange({ response: { status: 404, headers: [], body: 'not json' }, notes: [{ kind: 'normalised', code: 'capitalisedOp', detail: '' }], changes: [{}] }),
      true,
    );
    expect(document.facets.split(' ')).toEqual([
      'any',
      'st404',
      'st4xx',
      'm5041544348',
      'cokta',
      'w64656d6f',
      's4',
      'haserror',
      'haschanges',
      'hasnotes',
      'conntest',
    ]);
    expect(document.notes).toBe('normalised capitalisedOp');
    expect(document.text).toContain('not json');
  });

  it('survives malformed URLs and deeply nested or huge bodies', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const document = searchDocument(exchange({ request: { method: 'GET', url: '/scim/v2/%E0%A4%A?x=%ZZ', headers: [], body: JSON.stringify(deep) } }), false);
    expect(document.path).toBe('/scim/v2/%E0%A4%A');
    expect(document.text).not.toContain('bottom');
    const huge = searchDocument(exchange({ request: { method: 'POST', url: '/Bulk', headers: [], body: 'x '.repeat(2_000_000) } }), false);
    expect(huge.text.length).toBeLessThan(1_000_000);
  });

  it('reads bodies parsed already (the indexer parses each once for the verdict too) as it reads them itself', () => {
    const bodies: (string | null)[] = [
      exchange().response.body,
      exchange().request.body,
      'not json {',
      'null',
      '"a string"',
      '[1, {"userName": "x"}]',
      null,
      JSON.stringify({ userName: 'big', padding: 'y'.repeat(300 * 1024) }),
    ];
    for (const body of bodies) {
      const subject = exchange({ response: { status: 200, headers: [], body }, request: { method: 'POST', url: '/Users', headers: [], body } });
      const parsed = { request: parseBody(body), response: parseBody(body) };
      expect(searchDocument(subject, false, parsed)).toEqual(searchDocument(subject, false));
    }
  });
});
