import { describe, expect, it } from 'vitest';
import { toScimResource, toScimResourceJson, type Derived } from '../../../../src/engine/resources/representation';
import { documentMembers } from '../../../../src/engine/resources/document-members';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../src/engine/scim/schemas/resource-types';
import type { ResourceRow } from '../../../../src/engine/store/resources';
import { URN } from '../../../../src/engine/scim/urns';

const BASE = 'https://idp.example/scim/v2';

const rowOf = (document: string, id = '2819c223-7f76-453a-919d-413861904646'): ResourceRow => ({
  id,
  resource_type: 'User',
  external_id: null,
  user_name_key: null,
  display_name_key: null,
  document,
  version: 7,
  created: '2026-01-02T03:04:05.678Z',
  last_modified: '2026-02-03T04:05:06.789Z',
});

/** The text path against the object path it stands in for: the same bytes, or undefined (the caller then serialises the object). */
function expectSameText(document: string, derived: Derived = {}, resourceType = USER_RESOURCE_TYPE, id?: string) {
  const row = rowOf(document, id);
  const text = toScimResourceJson(row, resourceType, BASE, derived);
  expect(text).toBeDefined();
  expect(text).toBe(JSON.stringify(toScimResource(row, resourceType, BASE, derived)));
}

describe('toScimResourceJson: the served resource from the stored text, byte for byte what serialising toScimResource gives', () => {
  it('for documents as the engine stores them (JSON.stringify of schemas, externalId, then the rest)', () => {
    const stored = (value: Record<string, unknown>) => JSON.stringify(value);
    expectSameText(stored({ schemas: [URN.user], userName: 'jane@example.com' }));
    expectSameText(
      stored({
        schemas: [URN.user, URN.enterpriseUser],
        externalId: 'ext-1',
        userName: 'jane',
        name: { givenName: 'Jane', familyName: 'Doe' },
        emails: [{ primary: true, value: 'jane@example.com', type: 'work' }],
        active: false,
        [URN.enterpriseUser]: { employeeNumber: '42', manager: { value: 'x', displayName: 'Boss' } },
      }),
    );
    expectSameText(stored({ schemas: [URN.user], externalId: null, userName: 'nulls', title: null }));
    expectSameText(stored({ userName: 'no schemas' }));
    // Written in another order (an older release, a hand-edited file): schemas and externalId still come first.
    expectSameText(stored({ userName: 'late', active: true, externalId: 'e-9', schemas: [URN.user], title: 'last' }));
    expectSameText(stored({}));
  });

  it('with strings that hold what a scanner could trip on: brackets, braces, quotes, backslashes, escapes, any Unicode', () => {
    expectSameText(
      JSON.stringify({
        schemas: [URN.user],
        userName: 'a"b\\c}d]e{f[g,h:i',
        displayName: 'tab\there, newline\nthere, \u0000 \u001f \u2028 é 😀 \ud800 lone',
        nickName: '\\',
        title: '\\"',
        'urn:example:custom:1.0:User': { 'a.b': [[], {}, [{}], '"]}'], n: [0, -1.5, 1e21, 2e-7, 123456789012345680000] },
      }),
    );
  });

  it('with derived members, their extra sub-attributes, and groups (a user in none has no groups attribute)', () => {
    const group = JSON.stringify({ schemas: [URN.group], displayName: 'Admins' });
    expectSameText(
      group,
      {
        members: [
          { member_id: 'u1', member_type: 'User', display: 'Jane', extra: null },
          { member_id: 'g2', member_type: 'Group', display: null, extra: '{"primary":true}' },
        ],
      },
      GROUP_RESOURCE_TYPE,
    );
    expectSameText(group, { members: [] }, GROUP_RESOURCE_TYPE);
    const user = JSON.stringify({ schemas: [URN.user], userName: 'grouped' });
    expectSameText(user, {
      groups: [
        { member_id: 'u', group_id: 'g1', display: 'Admins' },
        { member_id: 'u', group_id: 'g2', display: null },
      ],
    });
    expectSameText(user, { groups: [] });
  });

  it('with many top-level members', () => {
    const document: Record<string, unknown> = { schemas: [URN.user], userName: 'wide' };
    for (let index = 0; index < 500; index++) document[`x${index}`] = { value: index };
    expectSameText(JSON.stringify(document));
  });

  it('with an id that needs escaping in JSON', () => {
    expectSameText(JSON.stringify({ schemas: [URN.user], userName: 'odd id' }), {}, USER_RESOURCE_TYPE, 'a"b\\c');
  });

  it('answers undefined where the object would reorder or replace a member, so the caller serialises the object', () => {
    const undefinedFor = (document: string) => expect(toScimResourceJson(rowOf(document), USER_RESOURCE_TYPE, BASE, {})).toBeUndefined();
    // An object lists array-index keys first; the resource sets id and meta and derives members and groups.
    undefinedFor('{"schemas":[],"userName":"x","7":true}');
    undefinedFor('{"schemas":[],"id":"stored"}');
    undefinedFor('{"schemas":[],"meta":{}}');
    undefinedFor('{"schemas":[],"groups":[]}');
    undefinedFor('{"schemas":[],"members":[]}');
    undefinedFor('{"schemas":[],"__proto__":{"polluted":true}}');
    undefinedFor('{"userName":"a","userName":"b"}');
    // A key twice among many members (a lenient workspace stores whatever keys a client sent).
    const many = Array.from({ length: 40 }, (_, index) => `"k${index}":${index}`);
    undefinedFor(`{${many.join(',')},"k3":"again"}`);
    undefinedFor(`{"k39":"first",${many.join(',')}}`);
    // Not the form JSON.stringify writes.
    undefinedFor('{ "userName": "spaced" }');
    undefinedFor('{"user\\u004eame":"escaped key"}');
    undefinedFor('[1,2]');
    undefinedFor('{"userName":"unterminated}');
  });
});

describe('documentMembers', () => {
  it("finds each top-level member's text, nested values skipped whole", () => {
    const text = '{"a":1,"b":{"c":[1,{"d":"}"}]},"e":"x\\"y","f":null,"g":[]}';
    const members = documentMembers(text)!;
    expect(members.map((member) => member.key)).toEqual(['a', 'b', 'e', 'f', 'g']);
    expect(members.map((member) => text.slice(member.start, member.end))).toEqual(['"a":1', '"b":{"c":[1,{"d":"}"}]}', '"e":"x\\"y"', '"f":null', '"g":[]']);
  });

  it('answers undefined for text that ends early or goes on after the object', () => {
    for (const text of ['', '{', '{"a":', '{"a":1', '{"a":1,}', '{"a":1}x', '{"a"1}', '{}x']) expect(documentMembers(text), text).toBeUndefined();
  });
});
