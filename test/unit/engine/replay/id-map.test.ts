import { describe, expect, it } from 'vitest';
import { IdMap } from '../../../../src/engine/replay/id-map';
import { pathFromScimBase } from '../../../../src/shared/scim-paths';

/** Id rewriting touches ids where SCIM puts them, and nothing else that happens to look the same. */
describe('IdMap', () => {
  const ids = () => {
    const map = new IdMap();
    map.learn('1', '7');
    map.learn('u-recorded-1234', 'u-target-5678');
    return map;
  };

  it('rewrites paths, id comparisons in filters, and keeps repeated parameters', () => {
    const map = ids();
    expect(map.rewritePath('/Users/1')).toBe('/Users/7');
    expect(map.rewritePath('/Groups?filter=id%20eq%20%221%22&attributes=userName&attributes=emails')).toBe(
      '/Groups?filter=id%20eq%20%227%22&attributes=userName&attributes=emails',
    );
    // A filter on another attribute with the same text is not an id.
    expect(map.rewritePath('/Users?filter=employeeNumber%20eq%20%221%22')).toBe('/Users?filter=employeeNumber%20eq%20%221%22');
    expect(new IdMap().rewritePath('/Users?attributes=a&attributes=b&count=5')).toBe('/Users?attributes=a&attributes=b&count=5');
  });

  it('rewrites member, manager and PATCH-path ids in bodies, not fields that equal an id', () => {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'add', path: 'members', value: [{ value: '1', display: '1' }] },
        { op: 'remove', path: 'members[value eq "u-recorded-1234"]' },
        { op: 'replace', path: 'title', value: '1' },
        {
          op: 'replace',
          value: {
            id: 'u-recorded-1234',
            employeeNumber: '1',
            phoneNumbers: [{ value: '1' }],
            'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager': { value: '1' },
          },
        },
      ],
    };
    expect(JSON.parse(ids().rewriteBody(JSON.stringify(body))!)).toEqual({
      schemas: body.schemas,
      Operations: [
        { op: 'add', path: 'members', value: [{ value: '7', display: '1' }] },
        { op: 'remove', path: 'members[value eq "u-target-5678"]' },
        { op: 'replace', path: 'title', value: '1' },
        {
          op: 'replace',
          value: {
            id: 'u-target-5678',
            employeeNumber: '1',
            phoneNumbers: [{ value: '1' }],
            'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager': { value: '7' },
          },
        },
      ],
    });
  });

  it('maps answers back in id positions only, and ids inside an error detail in one pass', () => {
    const map = new IdMap();
    map.learn('A-00000001', 'B-00000002');
    map.learn('B-00000002', 'C-00000003');
    expect(map.toRecorded({ id: 'C-00000003', title: 'C-00000003', detail: 'User C-00000003 and B-00000002 not found' })).toEqual({
      id: 'B-00000002',
      title: 'C-00000003',
      detail: 'User B-00000002 and A-00000001 not found',
    });
  });
});

describe('pathFromScimBase', () => {
  it('keeps the path after the SCIM base, even from a malformed absolute URL', () => {
    expect(pathFromScimBase('https://x.ngrok.app/w/qa/scim/v2/Users?count=1')).toBe('/Users?count=1');
    expect(pathFromScimBase('https://bad host/scim/v2/Groups/abc')).toBe('/Groups/abc');
    expect(pathFromScimBase('/api/scim/Users')).toBe('/Users');
  });
});
