import { describe, expect, it } from 'vitest';
import { diffDelta, diffDocuments } from '../../../../src/engine/recorder/diff';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

const jane = () => ({
  schemas: [USER, ENTERPRISE],
  id: 'u1',
  userName: 'jane@acme.com',
  name: { givenName: 'Jane', familyName: 'Doe' },
  active: true,
  emails: [
    { value: 'jane@acme.com', type: 'work', primary: true },
    { value: 'jane@home.example', type: 'home' },
  ],
  [ENTERPRISE]: { department: 'Engineering', employeeNumber: '42' },
});

describe('diffDocuments', () => {
  it('finds no change between identical documents', () => {
    expect(diffDocuments(jane(), jane())).toEqual([]);
    expect(diffDelta(jane(), jane())).toBeUndefined();
  });

  it('ignores key order, at every depth', () => {
    const reordered = {
      [ENTERPRISE]: { employeeNumber: '42', department: 'Engineering' },
      emails: [
        { primary: true, type: 'work', value: 'jane@acme.com' },
        { type: 'home', value: 'jane@home.example' },
      ],
      active: true,
      name: { familyName: 'Doe', givenName: 'Jane' },
      userName: 'jane@acme.com',
      id: 'u1',
      schemas: [USER, ENTERPRISE],
    };
    expect(diffDocuments(jane(), reordered)).toEqual([]);
  });

  it('treats a reordered multi-valued attribute as no change (the raw delta has only a move)', () => {
    const after = jane();
    after.emails.reverse();
    expect(diffDocuments(jane(), after)).toEqual([]);
    expect(diffDelta(jane(), after)).toEqual({ emails: { _t: 'a', _1: ['', 0, 3] } });
  });

  it('treats reordered primitives (schemas) as no change', () => {
    const after = { ...jane(), schemas: [ENTERPRISE, USER] };
    expect(diffDocuments(jane(), after)).toEqual([]);
  });

  it('shows an email whose value changed in the work slot as a change of that element', () => {
    const after = jane();
    after.emails[0]!.value = 'jane.doe@acme.com';
    expect(diffDocuments(jane(), after)).toEqual([{ path: 'emails[type=work].value', kind: 'changed', before: 'jane@acme.com', after: 'jane.doe@acme.com' }]);
  });

  it('names an element matched by value by its value', () => {
    const after = jane();
    after.emails.reverse();
    after.emails[1]!.primary = false;
    expect(diffDocuments(jane(), after)).toEqual([{ path: 'emails[value=jane@acme.com].primary', kind: 'changed', before: true, after: false }]);
  });

  it('lists attributes added and removed, with their values', () => {
    const before = jane();
    const { active: _active, ...after } = { ...jane(), title: 'CTO' };
    expect(diffDocuments(before, after)).toEqual([
      { path: 'active', kind: 'removed', before: true },
      { path: 'title', kind: 'added', after: 'CTO' },
    ]);
  });

  it('lists a sub-attribute added and removed', () => {
    const after = { ...jane(), name: { givenName: 'Jane', middleName: 'Q' } };
    expect(diffDocuments(jane(), after)).toEqual(
      expect.arrayContaining([
        { path: 'name.familyName', kind: 'removed', before: 'Doe' },
        { path: 'name.middleName', kind: 'added', after: 'Q' },
      ]),
    );
    expect(diffDocuments(jane(), after)).toHaveLength(2);
  });

  it('lists elements added to and removed from a multi-valued attribute', () => {
    const after = jane();
    after.emails = [after.emails[0]!, { value: 'jd@other.example', type: 'other' }] as typeof after.emails;
    expect(diffDocuments(jane(), after)).toEqual([
      { path: 'emails[value=jane@home.example]', kind: 'removed', before: { value: 'jane@home.example', type: 'home' } },
      { path: 'emails[value=jd@other.example]', kind: 'added', after: { value: 'jd@other.example', type: 'other' } },
    ]);
  });

  it('matches group members by value: one added, one removed, the rest unchanged in any order', () => {
    const before = { displayName: 'Engineering', members: [{ value: 'a', display: 'A' }, { value: 'b', display: 'B' }, { value: 'c' }] };
    const after = { displayName: 'Engineering', members: [{ value: 'c' }, { value: 'd' }, { value: 'a', display: 'A' }] };
    expect(diffDocuments(before, after)).toEqual([
      { path: 'members[value=b]', kind: 'removed', before: { value: 'b', display: 'B' } },
      { path: 'members[value=d]', kind: 'added', after: { value: 'd' } },
    ]);
  });

  it('names primitive elements by themselves', () => {
    const before = { schemas: [USER] };
    const after = { schemas: [USER, ENTERPRISE] };
    expect(diffDocuments(before, after)).toEqual([{ path: `schemas[${ENTERPRISE}]`, kind: 'added', after: ENTERPRISE }]);
  });

  it('shows a nested extension attribute change with the URN as the attribute name', () => {
    const after = jane();
    after[ENTERPRISE].department = 'Platform';
    expect(diffDocuments(jane(), after)).toEqual([{ path: `${ENTERPRISE}.department`, kind: 'changed', before: 'Engineering', after: 'Platform' }]);
  });

  it('shows a change of shape (an emails object becoming an array) as one change', () => {
    const before = { emails: { value: 'a@x' } };
    const after = { emails: [{ value: 'a@x' }] };
    expect(diffDocuments(before, after)).toEqual([{ path: 'emails', kind: 'changed', before: { value: 'a@x' }, after: [{ value: 'a@x' }] }]);
  });

  it('lists every attribute as added when there was no document before (a create)', () => {
    const changes = diffDocuments(null, jane());
    expect(changes.every((change) => change.kind === 'added')).toBe(true);
    expect(changes.map((change) => change.path)).toEqual(Object.keys(jane()));
    expect(changes.find((change) => change.path === 'name')).toEqual({ path: 'name', kind: 'added', after: jane().name });
  });

  it('lists every attribute as removed when there is no document after (a delete)', () => {
    const changes = diffDocuments(jane(), null);
    expect(changes.every((change) => change.kind === 'removed')).toBe(true);
    expect(changes.map((change) => change.path)).toEqual(Object.keys(jane()));
  });

  it('gives nothing for two missing documents, and one root change for non-objects', () => {
    expect(diffDocuments(null, undefined)).toEqual([]);
    expect(diffDocuments('a', 'b')).toEqual([{ path: '', kind: 'changed', before: 'a', after: 'b' }]);
  });

  it('returns plain JSON that survives serialisation and shares nothing with its inputs', () => {
    const before = jane();
    const after = { ...jane(), name: { givenName: 'Janet', familyName: 'Doe' } };
    const changes = diffDocuments(before, after);
    expect(JSON.parse(JSON.stringify(changes))).toEqual(changes);
    expect(changes).toEqual([{ path: 'name.givenName', kind: 'changed', before: 'Jane', after: 'Janet' }]);
    expect(before.name.givenName).toBe('Jane');
  });

  it('gives a raw delta that jsondiffpatch can patch', async () => {
    const { patch } = await import('jsondiffpatch');
    const after = jane();
    after.emails[0]!.value = 'jane.doe@acme.com';
    after.emails.reverse();
    const delta = diffDelta(jane(), after);
    expect(patch(jane(), delta)).toEqual(after);
  });
});
