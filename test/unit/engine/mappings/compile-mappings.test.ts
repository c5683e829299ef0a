import { describe, expect, it } from 'vitest';
import type { WorkspaceMappings } from '../../../../src/shared/mappings';
import { compileMappings } from '../../../../src/engine/mappings/compile-mappings';
import { defaultMappings } from '../../../../src/engine/mappings/default-mappings';
import { applyPreset } from '../../../../src/engine/mappings/presets';
import { parseExtensionDeclarations, schemasWithExtensions } from '../../../../src/engine/scim/schemas/custom-extensions';

/** Attribute rules: every path form the PATCH grammar accepts, each transform, and the problems said for bad rules. */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CUSTOM = 'urn:acme:params:scim:schemas:extension:app:2.0:User';
const schemas = schemasWithExtensions(
  'User',
  parseExtensionDeclarations([
    {
      id: CUSTOM,
      name: 'App',
      resourceType: 'User',
      attributes: [
        { name: 'costCenter', type: 'string' },
        { name: 'seats', type: 'integer' },
      ],
    },
  ]),
);

const jane = {
  id: 'u1',
  userName: 'Jane.Doe@Example.com',
  name: { givenName: 'Jane', familyName: 'Doe' },
  emails: [
    { value: 'jane.home@example.com', type: 'home' },
    { value: 'jane@example.com', type: 'work', primary: true },
  ],
  phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
  [ENTERPRISE]: { department: 'Engineering', manager: { value: 'm42', displayName: 'Boss' } },
  [CUSTOM]: { costCenter: 'CC-7', seats: 3 },
  active: true,
};

function mappingsWith(attributes: unknown[]): unknown {
  return { ...defaultMappings(), attributes };
}

function fields(attributes: unknown[], user: Record<string, unknown> = jane) {
  const { compiled, problems } = compileMappings(mappingsWith(attributes), schemas);
  expect(problems).toEqual([]);
  return Object.fromEntries(compiled!.attributes.map((attribute) => [attribute.rule.appField, attribute.read(user)]));
}

describe('attribute paths', () => {
  it('reads simple, sub-attribute, filtered, extension and custom extension paths', () => {
    expect(
      fields([
        { scimPath: 'userName', appField: 'login' },
        { scimPath: 'name.givenName', appField: 'first' },
        { scimPath: 'emails[type eq "work"].value', appField: 'workEmail' },
        { scimPath: 'emails[type eq "home"].value', appField: 'homeEmail' },
        { scimPath: 'emails[type eq "other"].value', appField: 'otherEmail' },
        { scimPath: 'emails.value', appField: 'anyEmail' },
        { scimPath: `${ENTERPRISE}:department`, appField: 'department' },
        { scimPath: `${ENTERPRISE}:manager.value`, appField: 'manager' },
        { scimPath: `${CUSTOM}:costCenter`, appField: 'costCenter' },
        { scimPath: `${CUSTOM}:seats`, appField: 'seats' },
        { scimPath: 'NAME.FAMILYNAME', appField: 'last' },
      ]),
    ).toEqual({
      login: 'Jane.Doe@Example.com',
      first: 'Jane',
      workEmail: 'jane@example.com',
      homeEmail: 'jane.home@example.com',
      otherEmail: undefined,
      // Without a filter, the primary element.
      anyEmail: 'jane@example.com',
      department: 'Engineering',
      manager: 'm42',
      costCenter: 'CC-7',
      seats: '3',
      last: 'Doe',
    });
  });

  it('explains a path it cannot use, naming where', () => {
    const { compiled, problems } = compileMappings(
      mappingsWith([
        { scimPath: 'nickname.first', appField: 'a' },
        { scimPath: 'emails[type eq "work"', appField: 'b' },
        { scimPath: 'name[givenName eq "x"]', appField: 'c' },
        { scimPath: `${ENTERPRISE}:costCenterX`, appField: 'd' },
        { scimPath: 'userName', appField: '' },
      ]),
      schemas,
    );
    expect(compiled).toBeUndefined();
    expect(problems.map((problem) => problem.where)).toEqual([
      'attributes[0].scimPath',
      'attributes[1].scimPath',
      'attributes[2].scimPath',
      'attributes[3].scimPath',
      'attributes[4].appField',
    ]);
    expect(problems[0]!.message).toContain('Unknown attribute "nickname.first"');
    expect(problems[2]!.message).toContain('not a multi-valued complex attribute');
    expect(problems.every((problem) => !problem.message.includes('PATCH'))).toBe(true);
  });
});

describe('transforms', () => {
  it('applies case, default, value map and templates, in that order of meaning', () => {
    expect(
      fields([
        { scimPath: 'userName', appField: 'login', transform: { case: 'lower' } },
        { scimPath: 'name.familyName', appField: 'LAST', transform: { case: 'upper' } },
        { scimPath: 'title', appField: 'title', transform: { default: 'Staff' } },
        { scimPath: `${ENTERPRISE}:department`, appField: 'dept', transform: { valueMap: { Engineering: 'ENG' }, case: 'lower' } },
        { scimPath: `${CUSTOM}:costCenter`, appField: 'cc', transform: { valueMap: { Other: 'x' } } },
        { appField: 'fullName', transform: { template: '{name.givenName} {name.familyName} <{emails[type eq "work"].value}>' } },
        { appField: 'sparse', transform: { template: '{name.middleName} {name.familyName}' } },
        { appField: 'nothing', transform: { template: '{name.middleName}', default: 'n/a' } },
        // Every path empty: its literal text alone is no value, so the default stands in.
        { appField: 'onlyLiterals', transform: { template: '{name.middleName} ({nickName})', default: 'n/a' } },
      ]),
    ).toEqual({
      login: 'jane.doe@example.com',
      LAST: 'DOE',
      title: 'Staff',
      dept: 'eng',
      cc: 'CC-7',
      fullName: 'Jane Doe <jane@example.com>',
      sparse: 'Doe',
      nothing: 'n/a',
      onlyLiterals: 'n/a',
    });
  });

  it('refuses malformed transforms and duplicate app fields', () => {
    const { problems } = compileMappings(
      mappingsWith([
        { scimPath: 'userName', appField: 'login', transform: { case: 'title' } },
        { scimPath: 'userName', appField: 'handle' },
        { scimPath: 'userName', appField: 'x', transform: { valueMap: { a: 1 } } },
        { appField: 'y', transform: { template: 'no placeholders' } },
        { appField: 'z', transform: { template: '{nope}' } },
        { scimPath: 'displayName', appField: 'HANDLE' },
        { appField: 'w' },
      ]),
      schemas,
    );
    expect(problems).toEqual([
      { where: 'attributes[0].transform.case', message: 'case is lower or upper.' },
      { where: 'attributes[2].transform.valueMap', message: expect.stringContaining('valueMap maps IdP values') },
      { where: 'attributes[3].transform.template', message: expect.stringContaining('joins SCIM paths in braces') },
      { where: 'attributes[4].transform.template', message: expect.stringContaining('Unknown attribute "nope"') },
      { where: 'attributes[5].appField', message: 'The app field "HANDLE" already has a rule (attributes[1]).' },
      { where: 'attributes[6].scimPath', message: 'Give a SCIM path (or a template).' },
    ]);
  });
});

describe('group rules for the same IdP group', () => {
  it('refuses a second rule for a group one already maps, by the same name in any case or the same externalId', () => {
    const { problems } = compileMappings(
      {
        attributes: [],
        groups: [
          { idpGroup: 'Misc', appRole: 'R1' },
          { idpGroup: ' MISC ', appRole: 'R2' },
          { idpGroup: 'G-1', matchBy: 'externalId', appRole: 'R3' },
          { idpGroup: 'G-1', matchBy: 'externalId', appRole: 'R4' },
          // Another group: an externalId is compared exactly, and a name and an externalId are different things.
          { idpGroup: 'g-1', matchBy: 'externalId', appRole: 'R5' },
          { idpGroup: 'G-1', appRole: 'R6' },
        ],
      },
      schemas,
    );
    expect(problems).toEqual([
      { where: 'groups[1].idpGroup', message: 'IdP group "MISC" already has a rule (groups[0]): the first would win, and this one never apply.' },
      { where: 'groups[3].idpGroup', message: 'IdP group "G-1" already has a rule (groups[2]): the first would win, and this one never apply.' },
    ]);
  });
});

describe('the rest of the document', () => {
  it('checks group rules, unmapped groups, the default role and the lifecycle', () => {
    const { problems } = compileMappings(
      {
        attributes: [],
        groups: [
          { idpGroup: '', appRole: 'x' },
          { idpGroup: 'A', matchBy: 'id', appRole: '' },
        ],
        unmappedGroups: 'drop',
        defaultRole: 5,
        lifecycle: { onDeactivate: 'delete', onReactivate: 'restore', onDelete: 'archive' },
        extra: 1,
      },
      schemas,
    );
    expect(problems.map((problem) => problem.where)).toEqual([
      'extra',
      'groups[0].idpGroup',
      'groups[1].matchBy',
      'groups[1].appRole',
      'unmappedGroups',
      'defaultRole',
      'lifecycle.onDeactivate',
      'lifecycle.onDelete',
    ]);
    expect(compileMappings('nope', schemas).problems[0]!.message).toContain('JSON object');
  });

  it('fills the defaults of what is left out, and accepts both presets and the defaults', () => {
    const { compiled } = compileMappings({ attributes: [{ scimPath: 'userName', appField: 'login' }] }, schemas);
    expect(compiled!.mappings).toEqual<WorkspaceMappings>({
      attributes: [{ scimPath: 'userName', appField: 'login' }],
      groups: [],
      unmappedGroups: 'create',
      lifecycle: { onDeactivate: 'suspend', onReactivate: 'restore', onDelete: 'remove-user' },
    });
    for (const mappings of [defaultMappings(), applyPreset('okta'), applyPreset('entra')]) expect(compileMappings(mappings, schemas).problems).toEqual([]);
  });
});
