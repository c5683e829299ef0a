import { describe, expect, it } from 'vitest';
import { filterOf, queryParamsOf } from '../../../src/renderer/src/query-params';
import { scimErrorOf } from '../../../src/renderer/src/scim-error';

describe('queryParamsOf', () => {
  it('decodes the parameters in the order sent, as the engine reads them', () => {
    expect(queryParamsOf('/scim/v2/Users?filter=userName%20eq%20%22jos%C3%A9%22&startIndex=1&count=2&attributes=userName,emails')).toEqual([
      ['filter', 'userName eq "josé"'],
      ['startIndex', '1'],
      ['count', '2'],
      ['attributes', 'userName,emails'],
    ]);
    expect(queryParamsOf('/Users?filter=a+eq+%22b%22')).toEqual([['filter', 'a eq "b"']]);
  });

  it('keeps what cannot be decoded as sent, repeated names, and nothing when there is no query', () => {
    expect(queryParamsOf('/Users?filter=%E0%A4%A&count=1&count=2#frag')).toEqual([
      ['filter', '%E0%A4%A'],
      ['count', '1'],
      ['count', '2'],
    ]);
    expect(queryParamsOf('/Users')).toEqual([]);
  });
});

describe('filterOf', () => {
  it('reads the filter of a GET or of a POST /.search body', () => {
    expect(filterOf({ url: '/Users?FILTER=userName%20eqq%20%22x%22', body: null })).toBe('userName eqq "x"');
    expect(filterOf({ url: '/Users/.search', body: '{"filter":"id eq \\"1\\""}' })).toBe('id eq "1"');
    expect(filterOf({ url: '/Users/.search', body: 'not json' })).toBeUndefined();
    expect(filterOf({ url: '/Users', body: '{"filter":"x"}' })).toBeUndefined();
  });
});

describe('scimErrorOf', () => {
  it('reads an RFC 7644 error and nothing else', () => {
    expect(
      scimErrorOf('{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"Unexpected token"}'),
    ).toEqual({ status: '400', scimType: 'invalidFilter', detail: 'Unexpected token' });
    expect(scimErrorOf('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"status":"400"}')).toBeUndefined();
    expect(scimErrorOf('[1]')).toBeUndefined();
    expect(scimErrorOf('<html>')).toBeUndefined();
    expect(scimErrorOf(null)).toBeUndefined();
  });
});
