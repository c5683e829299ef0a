import { describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../../../src/shared/recording';
import { isConnectionTest, matchesTerms, parseFilterTerms, toQuery } from '../../../src/renderer/src/filters/filter-terms';

const exchange = (overrides: Partial<RecordedExchange> & { url?: string; method?: string; status?: number; body?: string }): RecordedExchange => ({
  id: 1, sessionId: 1, workspace: 'default', startedAt: '2026-11-23T05:00:00Z', durationMs: 1, client: overrides.client ?? 'okta', source: 'local',
  operation: overrides.operation ?? 'Okta created user jane@acme.com', notes: [], changes: [],
  request: { method: overrides.method ?? 'POST', url: overrides.url ?? '/scim/v2/Users', headers: [], body: overrides.body ?? '{"userName":"jane@acme.com"}' },
  response: { status: overrides.status ?? 201, headers: [], body: '{"totalResults":0}' },
});

describe('parseFilterTerms', () => {
  it('reads typed terms and free text', () => {
    expect(parseFilterTerms('status:4xx method:patch client:Okta path:/Groups user:jane provisioning')).toEqual({
      status: '4xx', method: 'PATCH', client: 'okta', path: '/Groups', user: 'jane', text: ['provisioning'], invalid: [],
    });
  });

  it('reports terms it cannot use instead of guessing', () => {
    expect(parseFilterTerms('status:abc client:google method: x:y').invalid).toEqual(['status:abc', 'client:google', 'method:']);
    expect(parseFilterTerms('x:y').text).toEqual(['x:y']);
  });

  it('turns into the admin API query, text searched in URLs and bodies', () => {
    expect(toQuery(parseFilterTerms('status:404 client:entra path:/Groups jane'))).toEqual({ status: '404', method: undefined, client: 'entra', q: 'jane /Groups' });
  });
});

describe('matchesTerms (rows from the live feed)', () => {
  it('applies every term', () => {
    const row = exchange({ method: 'PATCH', url: '/scim/v2/Groups/g1', status: 204, client: 'entra', body: '{"members":"jane"}' });
    expect(matchesTerms(row, parseFilterTerms('method:PATCH client:entra status:2xx path:/groups user:JANE'))).toBe(true);
    expect(matchesTerms(row, parseFilterTerms('status:4xx'))).toBe(false);
    expect(matchesTerms(row, parseFilterTerms('status:204'))).toBe(true);
    expect(matchesTerms(row, parseFilterTerms('client:okta'))).toBe(false);
    expect(matchesTerms(row, parseFilterTerms('nothing-like-this'))).toBe(false);
  });
});

describe('isConnectionTest', () => {
  it("spots Okta's count=1 probe and Entra's random-GUID lookup, not real lookups", () => {
    expect(isConnectionTest(exchange({ method: 'GET', url: '/scim/v2/Users?startIndex=1&count=1', status: 200 }))).toBe(true);
    expect(isConnectionTest(exchange({ method: 'GET', url: `/scim/v2/Users?filter=${encodeURIComponent('userName eq "8b5e0b6f-1a2b-4c3d-9e8f-0123456789ab"')}`, status: 200 }))).toBe(true);
    expect(isConnectionTest(exchange({ method: 'GET', url: `/scim/v2/Users?filter=${encodeURIComponent('userName eq "jane@acme.com"')}`, status: 200 }))).toBe(false);
    expect(isConnectionTest(exchange({ method: 'GET', url: '/scim/v2/Users?startIndex=1&count=100', status: 200 }))).toBe(false);
  });
});
