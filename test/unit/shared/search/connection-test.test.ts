import { describe, expect, it } from 'vitest';
import { isConnectionTest } from '../../../../src/shared/search/connection-test';

const exchange = (url: string, status = 200, body = '{"totalResults":0}') => ({
  request: { method: 'GET', url, headers: [], body: null },
  response: { status, headers: [], body },
});

describe('isConnectionTest', () => {
  it("spots Okta's count=1 probe and Entra's random-GUID lookup, not real lookups", () => {
    expect(isConnectionTest(exchange('/scim/v2/Users?startIndex=1&count=1'))).toBe(true);
    expect(isConnectionTest(exchange(`/scim/v2/Users?filter=${encodeURIComponent('userName eq "8b5e0b6f-1a2b-4c3d-9e8f-0123456789ab"')}`))).toBe(true);
    expect(
      isConnectionTest(
        exchange(`/scim/v2/Users?filter=${encodeURIComponent('userName eq "8b5e0b6f-1a2b-4c3d-9e8f-0123456789ab"')}`, 200, '{"totalResults":1}'),
      ),
    ).toBe(false);
    expect(isConnectionTest(exchange(`/scim/v2/Users?filter=${encodeURIComponent('userName eq "jane@acme.com"')}`))).toBe(false);
    expect(isConnectionTest(exchange('/scim/v2/Users?startIndex=1&count=100'))).toBe(false);
    expect(isConnectionTest(exchange('/scim/v2/Users?startIndex=1&count=1', 401))).toBe(false);
  });
});
