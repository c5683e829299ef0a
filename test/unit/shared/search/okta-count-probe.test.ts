import { describe, expect, it } from 'vitest';
import { isConnectionTest } from '../../../../src/shared/search/connection-test';

const exchange = (url: string, method = 'GET', status = 200) => ({
  request: { method, url, headers: [], body: null },
  response: { status, headers: [], body: '{"totalResults":3,"Resources":[{},{}]}' },
});

describe("isConnectionTest and Okta's count=2 probe", () => {
  it('spots GET /Users?startIndex=1&count=2 in any parameter order and casing', () => {
    for (const url of [
      '/scim/v2/Users?startIndex=1&count=2',
      '/scim/v2/Users?count=2&startIndex=1',
      '/scim/v2/Users?STARTINDEX=1&Count=2',
      '/scim/v2/users/?count=2&startindex=1',
      '/scim/v2/Users?count=2',
    ]) {
      expect(isConnectionTest(exchange(url)), url).toBe(true);
    }
  });

  it('leaves real listings, pages past the first, other methods and failed probes alone', () => {
    expect(isConnectionTest(exchange('/scim/v2/Users?startIndex=1&count=3'))).toBe(false);
    expect(isConnectionTest(exchange('/scim/v2/Users?startIndex=3&count=2'))).toBe(false);
    expect(isConnectionTest(exchange('/scim/v2/Users?startIndex=1&count=200'))).toBe(false);
    expect(isConnectionTest(exchange('/scim/v2/Users?startIndex=1'))).toBe(false);
    expect(isConnectionTest(exchange('/scim/v2/Groups?startIndex=1&count=2'))).toBe(false);
    expect(isConnectionTest(exchange('/scim/v2/Users?startIndex=1&count=2', 'POST'))).toBe(false);
    expect(isConnectionTest(exchange('/scim/v2/Users?startIndex=1&count=2', 'GET', 401))).toBe(false);
    // A lookup by filter is judged by the filter (Entra's GUID rule), whatever its page size.
    expect(isConnectionTest(exchange(`/scim/v2/Users?filter=${encodeURIComponent('userName eq "jane@acme.com"')}&startIndex=1&count=2`))).toBe(false);
  });
});
