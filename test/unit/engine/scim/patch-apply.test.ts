import { describe, expect, it } from 'vitest';
import { RequestNotes } from '../../../../src/engine/compat/notes';
import { ScimError } from '../../../../src/engine/scim/errors';
import { matchesValueFilter } from '../../../../src/engine/scim/filter/evaluate';
import { applyPatch, parsePatchRequest, type ApplyPatchOptions, type PatchOperation, type PatchResult } from '../../../../src/engine/scim/patch';
import { string } from '../../../../src/engine/scim/schemas/define';
import { GROUP_SCHEMA, RESOURCE_SCHEMAS, type ResourceSchemas } from '../../../../src/engine/scim/schemas';
import { URN } from '../../../../src/engine/scim/urns';

const USER = RESOURCE_SCHEMAS.User;
const GROUP = RESOURCE_SCHEMAS.Group;
const GROUP_OPTIONS: ApplyPatchOptions = { externalAttributes: ['members'] };
const ENTERPRISE = URN.enterpriseUser;

type Doc = Record<string, unknown>;

function user(): Doc {
  return {
    schemas: [URN.user, ENTERPRISE],
    userName: 'alice@example.com',
    active: true,
    name: { givenName: 'Alice', familyName: 'Liddell' },
    emails: [
      { value: 'alice@work.example', type: 'work', primary: true },
      { value: 'alice@home.example', type: 'home' },
    ],
    [ENTERPRISE]: { department: 'Sales', manager: { value: 'm1' } },
  };
}

const group = (): Doc => ({ schemas: [URN.group], displayName: 'Old' });

/** Runs a full request body, as the HTTP layer will. */
function patchBody(document: Doc, operations: unknown[], schemas: ResourceSchemas = USER, options?: ApplyPatchOptions) {
  return applyPatch(document, parsePatchRequest({ schemas: [URN.patchOp], Operations: operations }), schemas, options);
}
const patchUser = (operations: unknown[], document: Doc = user()) => patchBody(document, operations);
const patchGroup = (operations: unknown[], document: Doc = group()) => patchBody(document, operations, GROUP, GROUP_OPTIONS);

function expectScimError(run: () => unknown, scimType: string, detail?: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ScimError);
  const error = caught as ScimError;
  expect(error.status).toBe(400);
  expect(error.scimType).toBe(scimType);
  if (detail) expect(error.detail).toMatch(detail);
}

const docOf = (result: PatchResult) => result.document as Record<string, any>;

describe('applyPatch: Okta shapes', () => {
  it('deactivates with a path-less replace', () => {
    const body = JSON.parse('{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}');
    const original = user();
    const result = applyPatch(original, parsePatchRequest(body), USER);
    expect(docOf(result).active).toBe(false);
    expect(result.changed).toBe(true);
    expect(result.memberOps).toEqual([]);
    expect(original.active).toBe(true); // not mutated
  });

  it('pushes group members as a member add, leaving the document alone', () => {
    const original = group();
    const result = patchGroup([{ op: 'add', path: 'members', value: [{ value: 'u1', display: 'a@b.c' }] }], original);
    expect(result.memberOps).toEqual([{ kind: 'add', members: [{ value: 'u1', display: 'a@b.c' }] }]);
    expect(result.document).toEqual(original);
    expect(result.document).not.toHaveProperty('members');
    expect(result.changed).toBe(true);
  });

  it('removes a member with a value filter', () => {
    const result = patchGroup([{ op: 'remove', path: 'members[value eq "u1"]' }]);
    expect(result.memberOps).toEqual([{ kind: 'remove', ids: ['u1'] }]);
    expect(result.changed).toBe(true);
  });

  it('renames a group, ignoring the id Okta echoes in the value', () => {
    const result = patchGroup([{ op: 'replace', value: { id: 'g1', displayName: 'New' } }]);
    expect(result.document).toEqual({ schemas: [URN.group], displayName: 'New' });
    expect(result.memberOps).toEqual([]);
    expect(result.changed).toBe(true);
  });

  it('ignores id, meta and schemas in a path-less value', () => {
    const result = patchUser([
      {
        op: 'replace',
        value: { schemas: [URN.user], meta: { resourceType: 'User' }, [`${URN.user}:id`]: 'u9', displayName: 'Al' },
      },
    ]);
    expect(docOf(result).displayName).toBe('Al');
    expect(docOf(result)).not.toHaveProperty('meta');
    expect(docOf(result).schemas).toEqual([URN.user, ENTERPRISE]);
  });
});

describe('applyPatch: Entra shapes', () => {
  it('sets active to the string as given (the normaliser coerces it later)', () => {
    const result = patchUser([{ op: 'Replace', path: 'active', value: 'False' }]);
    expect(docOf(result).active).toBe('False');
    expect(result.changed).toBe(true);
  });

  it("add with a filter path creates the element from the filter's eq terms when none matches", () => {
    const result = patchUser([{ op: 'Add', path: 'emails[type eq "work"].value', value: 'x@y.z' }], { userName: 'a' });
    expect(docOf(result).emails).toEqual([{ type: 'work', value: 'x@y.z' }]);
  });

  it('add with a filter path sets the sub-attribute of the matching element', () => {
    const result = patchUser([{ op: 'Add', path: 'emails[type eq "work"].value', value: 'x@y.z' }]);
    expect(docOf(result).emails).toEqual([
      { value: 'x@y.z', type: 'work', primary: true },
      { value: 'alice@home.example', type: 'home' },
    ]);
  });

  it('creates an element from an "and" of eq terms', () => {
    const result = patchUser([{ op: 'add', path: 'phoneNumbers[type eq "mobile" and primary eq true].value', value: '123' }], {
      userName: 'a',
    });
    expect(docOf(result).phoneNumbers).toEqual([{ type: 'mobile', primary: true, value: '123' }]);
  });

  it('replaces an enterprise attribute by URN path, creating the extension object', () => {
    const result = patchUser([{ op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Eng' }], { userName: 'a' });
    expect(result.document).toEqual({ userName: 'a', [ENTERPRISE]: { department: 'Eng' } });
  });

  it('replaces a sub-attribute, keeping its siblings', () => {
    const result = patchUser([{ op: 'Replace', path: 'name.givenName', value: 'A' }]);
    expect(docOf(result).name).toEqual({ givenName: 'A', familyName: 'Liddell' });
  });

  it('sets a manager by URN sub-attribute path', () => {
    const result = patchUser([{ op: 'Add', path: `${ENTERPRISE}:manager.value`, value: 'm2' }], { userName: 'a' });
    expect(docOf(result)[ENTERPRISE]).toEqual({ manager: { value: 'm2' } });
  });

  it('removes members given as a value array', () => {
    const result = patchGroup([{ op: 'Remove', path: 'members', value: [{ value: 'id1' }, { value: 'id2' }] }]);
    expect(result.memberOps).toEqual([{ kind: 'remove', ids: ['id1', 'id2'] }]);
  });

  it('adds members sent as [{"value":"id"}]', () => {
    const result = patchGroup([{ op: 'Add', path: 'members', value: [{ value: 'id1' }] }]);
    expect(result.memberOps).toEqual([{ kind: 'add', members: [{ value: 'id1' }] }]);
  });

  it('applies path-less dotted, URN-qualified and filtered keys', () => {
    const result = patchUser([
      {
        op: 'Add',
        value: {
          'name.givenName': 'A',
          [`${ENTERPRISE}:department`]: 'Eng',
          'emails[type eq "other"].value': 'o@x.y',
          DisplayName: 'Al',
        },
      },
    ]);
    const doc = docOf(result);
    expect(doc.name).toEqual({ givenName: 'A', familyName: 'Liddell' });
    expect(doc[ENTERPRISE]).toEqual({ department: 'Eng', manager: { value: 'm1' } });
    expect(doc.emails).toContainEqual({ type: 'other', value: 'o@x.y' });
    expect(doc.displayName).toBe('Al');
  });

  it('applies a path-less URN key with an object value', () => {
    const result = patchUser([{ op: 'replace', value: { [ENTERPRISE.toLowerCase()]: { Department: 'Eng', costCenter: 'C1' } } }]);
    expect(docOf(result)[ENTERPRISE]).toEqual({ department: 'Eng', costCenter: 'C1', manager: { value: 'm1' } });
  });
});

describe('applyPatch: add', () => {
  it('appends to a multi-valued attribute without duplicating the same value', () => {
    const result = patchUser([
      {
        op: 'add',
        path: 'emails',
        value: [
          { value: 'alice@home.example', type: 'other' },
          { value: 'new@x.y', type: 'other' },
        ],
      },
    ]);
    expect(docOf(result).emails).toEqual([
      { value: 'alice@work.example', type: 'work', primary: true },
      { value: 'alice@home.example', type: 'home' },
      { value: 'new@x.y', type: 'other' },
    ]);
  });

  it('deduplicates items without a value by deep equality', () => {
    const start = { userName: 'a', addresses: [{ locality: 'Paris', type: 'work' }] };
    const result = patchUser([{ op: 'add', path: 'addresses', value: [{ type: 'work', locality: 'Paris' }, { locality: 'Rome' }] }], start);
    expect(docOf(result).addresses).toEqual([{ locality: 'Paris', type: 'work' }, { locality: 'Rome' }]);
  });

  it('adding only existing values changes nothing', () => {
    const result = patchUser([{ op: 'add', path: 'emails', value: { value: 'alice@work.example' } }]);
    expect(result.changed).toBe(false);
  });

  it('canonicalises sub-attribute names of added values', () => {
    const result = patchUser([{ op: 'add', path: 'emails', value: [{ Value: 'n@x.y', TYPE: 'other' }] }], { userName: 'a' });
    expect(docOf(result).emails).toEqual([{ value: 'n@x.y', type: 'other' }]);
  });

  it('sets a single-valued attribute', () => {
    const result = patchUser([{ op: 'add', path: 'title', value: 'Boss' }]);
    expect(docOf(result).title).toBe('Boss');
  });

  it('merges sub-attributes into a complex attribute', () => {
    const result = patchUser([{ op: 'add', path: 'name', value: { middleName: 'M', GivenName: 'Al' } }]);
    expect(docOf(result).name).toEqual({ givenName: 'Al', familyName: 'Liddell', middleName: 'M' });
  });

  it('a primary:true element takes primary from the others', () => {
    const result = patchUser([{ op: 'add', path: 'emails', value: [{ value: 'n@x.y', primary: true }] }]);
    expect(docOf(result).emails).toEqual([
      { value: 'alice@work.example', type: 'work', primary: false },
      { value: 'alice@home.example', type: 'home' },
      { value: 'n@x.y', primary: true },
    ]);
  });

  it('merges an object into the elements a filter path selects', () => {
    const result = patchUser([{ op: 'add', path: 'emails[type eq "home"]', value: { display: 'Home' } }]);
    expect(docOf(result).emails[1]).toEqual({ value: 'alice@home.example', type: 'home', display: 'Home' });
  });

  it('adds to every element for a sub-attribute path without a filter, or creates one', () => {
    const result = patchUser([{ op: 'add', path: 'emails.display', value: 'D' }]);
    expect(docOf(result).emails.map((email: Doc) => email.display)).toEqual(['D', 'D']);
    const created = patchUser([{ op: 'add', path: 'emails.value', value: 'v@x.y' }], { userName: 'a' });
    expect(docOf(created).emails).toEqual([{ value: 'v@x.y' }]);
  });

  it('cannot create an element from a filter that is not eq terms: noTarget', () => {
    expectScimError(() => patchUser([{ op: 'add', path: 'emails[type co "w"].value', value: 'x' }], { userName: 'a' }), 'noTarget');
    expectScimError(() => patchUser([{ op: 'add', path: 'emails[type eq "a" or type eq "b"].value', value: 'x' }], { userName: 'a' }), 'noTarget');
  });

  it('a complex or filter-selected target needs an object value: invalidValue', () => {
    expectScimError(() => patchUser([{ op: 'add', path: 'name', value: 'Alice' }]), 'invalidValue', /object/);
    expectScimError(() => patchUser([{ op: 'replace', path: 'emails[type eq "work"]', value: 'x' }]), 'invalidValue', /object/);
  });
});

describe('applyPatch: replace', () => {
  it('replaces a multi-valued attribute entirely', () => {
    const result = patchUser([{ op: 'replace', path: 'emails', value: [{ value: 'only@x.y' }] }]);
    expect(docOf(result).emails).toEqual([{ value: 'only@x.y' }]);
  });

  it('replaces sub-attributes of a complex attribute, leaving the others (RFC 7644 §3.5.2.3)', () => {
    const result = patchUser([{ op: 'replace', path: 'name', value: { givenName: 'B' } }]);
    expect(docOf(result).name).toEqual({ givenName: 'B', familyName: 'Liddell' });
  });

  it('replaces the elements a filter matches', () => {
    const result = patchUser([{ op: 'replace', path: 'emails[type eq "home"]', value: { value: 'h@x.y', type: 'home' } }]);
    expect(docOf(result).emails[1]).toEqual({ value: 'h@x.y', type: 'home' });
    expect(docOf(result).emails[0]).toEqual({ value: 'alice@work.example', type: 'work', primary: true });
  });

  it('replaces a sub-attribute of the elements a filter matches', () => {
    const result = patchUser([{ op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x.y' }]);
    expect(docOf(result).emails[0]).toEqual({ value: 'w@x.y', type: 'work', primary: true });
  });

  it('with a filter that matches nothing: noTarget', () => {
    expectScimError(() => patchUser([{ op: 'replace', path: 'emails[type eq "other"].value', value: 'x' }]), 'noTarget', /other/);
    expectScimError(() => patchUser([{ op: 'replace', path: 'emails[type eq "other"]', value: { value: 'x' } }]), 'noTarget');
  });

  it('setting primary on one element clears it on the others', () => {
    const result = patchUser([{ op: 'replace', path: 'emails[type eq "home"].primary', value: true }]);
    expect(docOf(result).emails).toEqual([
      { value: 'alice@work.example', type: 'work', primary: false },
      { value: 'alice@home.example', type: 'home', primary: true },
    ]);
  });

  it('Entra\'s "True" string counts as primary too', () => {
    const result = patchUser([{ op: 'replace', path: 'emails[type eq "home"].primary', value: 'True' }]);
    expect(docOf(result).emails[0].primary).toBe(false);
  });

  it('replacing with the current value changes nothing', () => {
    const result = patchUser([{ op: 'replace', value: { active: true, userName: 'alice@example.com' } }]);
    expect(result.changed).toBe(false);
  });

  it('null or [] unassigns the attribute', () => {
    const result = patchUser([
      { op: 'replace', path: 'title', value: null },
      { op: 'replace', path: 'emails', value: [] },
      { op: 'replace', path: 'name.givenName', value: null },
    ]);
    expect(docOf(result)).not.toHaveProperty('emails');
    expect(docOf(result).name).toEqual({ familyName: 'Liddell' });
  });

  it('a path-less value must be an object: invalidValue', () => {
    expectScimError(() => applyPatch(user(), [{ op: 'replace', value: 'x' }], USER), 'invalidValue', /object/);
    expectScimError(() => patchUser([{ op: 'replace', value: [{ active: false }] }]), 'invalidValue', /object/);
    expectScimError(() => patchUser([{ op: 'replace', value: { [ENTERPRISE]: 'x' } }]), 'invalidValue', /object/);
  });

  it('unknown keys in a path-less value are invalidPath naming them', () => {
    expectScimError(() => patchUser([{ op: 'replace', value: { favouriteColour: 'blue' } }]), 'invalidPath', /"favouriteColour"/);
    expectScimError(() => patchUser([{ op: 'replace', value: { [ENTERPRISE]: { nope: 1 } } }]), 'invalidPath', /nope/);
  });

  it('an immutable attribute may be set once but not changed: mutability', () => {
    const schemas: ResourceSchemas = {
      ...GROUP,
      core: { ...GROUP_SCHEMA, attributes: [...GROUP_SCHEMA.attributes, string('code', 'c', { mutability: 'immutable' })] },
    };
    const set = applyPatch(group(), [{ op: 'add', path: 'code', value: 'A' }], schemas);
    expect(docOf(set).code).toBe('A');
    expect(applyPatch(set.document, [{ op: 'replace', path: 'code', value: 'A' }], schemas).changed).toBe(false);
    expectScimError(() => applyPatch(set.document, [{ op: 'replace', path: 'code', value: 'B' }], schemas), 'mutability', /immutable/);
  });
});

describe('applyPatch: remove', () => {
  it('removes an attribute', () => {
    const result = patchUser([{ op: 'remove', path: 'active' }]);
    expect(docOf(result)).not.toHaveProperty('active');
    expect(result.changed).toBe(true);
  });

  it('removes a sub-attribute, and the attribute once it is empty', () => {
    const result = patchUser([{ op: 'remove', path: 'name.givenName' }]);
    expect(docOf(result).name).toEqual({ familyName: 'Liddell' });
    const emptied = patchUser([
      { op: 'remove', path: 'name.givenName' },
      { op: 'remove', path: 'name.familyName' },
    ]);
    expect(docOf(emptied)).not.toHaveProperty('name');
  });

  it('removes the elements a filter matches, and the attribute once none remain', () => {
    const result = patchUser([{ op: 'remove', path: 'emails[type eq "work"]' }]);
    expect(docOf(result).emails).toEqual([{ value: 'alice@home.example', type: 'home' }]);
    const emptied = patchUser([{ op: 'remove', path: 'emails[type eq "work" or type eq "home"]' }]);
    expect(docOf(emptied)).not.toHaveProperty('emails');
  });

  it('removes a sub-attribute of the elements a filter matches', () => {
    const result = patchUser([{ op: 'remove', path: 'emails[type eq "work"].primary' }]);
    expect(docOf(result).emails[0]).toEqual({ value: 'alice@work.example', type: 'work' });
  });

  it('removes given values from a multi-valued attribute', () => {
    const result = patchUser([{ op: 'remove', path: 'emails', value: [{ value: 'alice@home.example' }] }]);
    expect(docOf(result).emails).toEqual([{ value: 'alice@work.example', type: 'work', primary: true }]);
  });

  it('removes an extension attribute, and the extension object once it is empty', () => {
    const result = patchUser([{ op: 'remove', path: `${ENTERPRISE}:department` }]);
    expect(docOf(result)[ENTERPRISE]).toEqual({ manager: { value: 'm1' } });
    const emptied = patchUser([
      { op: 'remove', path: `${ENTERPRISE}:department` },
      { op: 'remove', path: `${ENTERPRISE}:manager.value` },
    ]);
    expect(docOf(emptied)).not.toHaveProperty(ENTERPRISE);
  });

  it('removing what is not there changes nothing', () => {
    expect(patchUser([{ op: 'remove', path: 'title' }]).changed).toBe(false);
    expect(patchUser([{ op: 'remove', path: 'emails[type eq "other"]' }]).changed).toBe(false);
    expect(patchUser([{ op: 'remove', path: `${ENTERPRISE}:division` }], { userName: 'a' }).changed).toBe(false);
  });

  it('removing a required attribute is mutability (RFC 7644 §3.5.2.2)', () => {
    expectScimError(() => patchUser([{ op: 'remove', path: 'userName' }]), 'mutability', /required/);
    expectScimError(() => patchUser([{ op: 'replace', path: 'userName', value: null }]), 'mutability', /required/);
    expectScimError(() => patchGroup([{ op: 'remove', path: 'displayName' }]), 'mutability', /required/);
  });
});

describe('applyPatch: readOnly attributes', () => {
  it('paths to readOnly attributes are mutability errors', () => {
    for (const path of ['id', 'meta', 'meta.created', 'groups', 'groups[value eq "g"]', `${ENTERPRISE}:manager.displayName`]) {
      for (const op of ['add', 'replace', 'remove']) {
        const operation = op === 'remove' ? { op, path } : { op, path, value: 'x' };
        expectScimError(() => patchUser([operation]), 'mutability', /readOnly/);
      }
    }
  });

  it('a path-less readOnly key is ignored when unchanged, an error otherwise', () => {
    expect(patchUser([{ op: 'replace', value: { groups: [], title: 'T' } }]).changed).toBe(true);
    expectScimError(() => patchUser([{ op: 'replace', value: { groups: [{ value: 'g1' }] } }]), 'mutability', /groups/);
  });
});

describe('applyPatch: members (stored outside the document)', () => {
  it('remove with a disjunction of value eq terms removes those ids', () => {
    const result = patchGroup([{ op: 'remove', path: 'members[value eq "a" or VALUE eq "b"]' }]);
    expect(result.memberOps).toEqual([{ kind: 'remove', ids: ['a', 'b'] }]);
  });

  it('remove with another filter becomes removeWhere, evaluable with matchesValueFilter', () => {
    const result = patchGroup([{ op: 'remove', path: 'members[type eq "Group"]' }]);
    expect(result.memberOps).toHaveLength(1);
    const op = result.memberOps[0];
    expect(op?.kind).toBe('removeWhere');
    if (op?.kind !== 'removeWhere') return;
    const members = GROUP_SCHEMA.attributes.find((attribute) => attribute.name === 'members')!;
    expect(matchesValueFilter({ value: 'g2', type: 'Group' }, op.filter, members)).toBe(true);
    expect(matchesValueFilter({ value: 'u1', type: 'User' }, op.filter, members)).toBe(false);
  });

  it('remove without a value removes all members', () => {
    expect(patchGroup([{ op: 'remove', path: 'members' }]).memberOps).toEqual([{ kind: 'removeAll' }]);
  });

  it('replace by path or path-less value becomes a member replace', () => {
    expect(patchGroup([{ op: 'replace', path: 'members', value: [{ value: 'u1', type: 'User' }] }]).memberOps).toEqual([
      { kind: 'replace', members: [{ value: 'u1', type: 'User' }] },
    ]);
    expect(patchGroup([{ op: 'replace', value: { members: [] } }]).memberOps).toEqual([{ kind: 'replace', members: [] }]);
    expect(patchGroup([{ op: 'add', value: { Members: [{ value: 'u2' }], displayName: 'X' } }])).toMatchObject({
      memberOps: [{ kind: 'add', members: [{ value: 'u2' }] }],
      document: { displayName: 'X' },
    });
  });

  it('keeps member operations in request order', () => {
    const result = patchGroup([
      { op: 'remove', path: 'members' },
      { op: 'add', path: 'members', value: { value: 'u1' } },
      { op: 'remove', path: 'members[value eq "u1"]' },
    ]);
    expect(result.memberOps.map((op) => op.kind)).toEqual(['removeAll', 'add', 'remove']);
  });

  it('members must be objects with a string value: invalidValue', () => {
    // A bare id is Microsoft's reference tests' habit (bareMemberId): taken by default, refused in strict mode.
    expect(patchGroup([{ op: 'add', path: 'members', value: ['u1'] }]).memberOps).toEqual([{ kind: 'add', members: [{ value: 'u1' }] }]);
    const strict = { ...GROUP_OPTIONS, rules: new RequestNotes('strict') };
    expectScimError(() => patchBody(group(), [{ op: 'add', path: 'members', value: ['u1'] }], GROUP, strict), 'invalidValue', /"value"/);
    expectScimError(() => patchGroup([{ op: 'add', path: 'members', value: [{ display: 'x' }] }]), 'invalidValue', /"value"/);
    expectScimError(() => patchGroup([{ op: 'add', path: 'members', value: [{ value: 5 }] }]), 'invalidValue');
    expectScimError(() => patchGroup([{ op: 'remove', path: 'members', value: [{ value: '' }] }]), 'invalidValue');
  });

  it('sub-attribute paths and add/replace filters on members are invalidPath', () => {
    expectScimError(() => patchGroup([{ op: 'remove', path: 'members[value eq "a"].type' }]), 'invalidPath', /sub-attribute/);
    expectScimError(() => patchGroup([{ op: 'add', path: 'members[value eq "a"]', value: { value: 'a' } }]), 'invalidPath', /remove/);
    expectScimError(() => patchGroup([{ op: 'remove', path: 'members.value' }]), 'invalidPath');
  });

  it('without externalAttributes, members is an ordinary attribute of the document', () => {
    const result = patchBody(group(), [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }], GROUP);
    expect(result.memberOps).toEqual([]);
    expect(docOf(result).members).toEqual([{ value: 'u1' }]);
  });
});

describe('applyPatch: errors and bookkeeping', () => {
  it('names the failing operation in the detail', () => {
    expectScimError(
      () =>
        patchUser([
          { op: 'replace', path: 'title', value: 'x' },
          { op: 'remove', path: 'userName' },
        ]),
      'mutability',
      /^PATCH operation 2 \(remove "userName"\): /,
    );
  });

  it('unknown attribute paths are invalidPath', () => {
    expectScimError(() => patchUser([{ op: 'replace', path: 'nope', value: 1 }]), 'invalidPath', /"nope"/);
  });

  it('applies operations in order on a copy', () => {
    const original = user();
    const snapshot = structuredClone(original);
    const ops: PatchOperation[] = [
      { op: 'add', path: 'emails', value: [{ value: 'x@y.z', type: 'other' }] },
      { op: 'replace', path: 'emails[value eq "x@y.z"].type', value: 'home' },
      { op: 'remove', path: 'emails[type eq "home"]' },
    ];
    const result = applyPatch(original, ops, USER);
    expect(docOf(result).emails).toEqual([{ value: 'alice@work.example', type: 'work', primary: true }]);
    expect(original).toEqual(snapshot);
  });

  it('remove without a path is noTarget even when operations are built directly', () => {
    expectScimError(() => applyPatch(user(), [{ op: 'remove' }], USER), 'noTarget');
  });
});
