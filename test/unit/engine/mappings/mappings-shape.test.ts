import { describe, expect, it } from 'vitest';
import { compileMappings } from '../../../../src/engine/mappings/compile-mappings';
import { schemasWithExtensions } from '../../../../src/engine/scim/schemas/custom-extensions';

/** The mappings document's shape is a TypeBox schema: every misfit is listed, in document order, with where it is. */
const schemas = schemasWithExtensions('User', []);
const problemsOf = (input: unknown) => compileMappings(input, schemas).problems;

describe('mappings shape problems', () => {
  it('lists every problem, however many (not only the first few the checker gathers at once)', () => {
    const attributes = Array.from({ length: 12 }, (_, index) => ({ scimPath: 'userName', appField: `f${index}`, transform: { case: 'title' } }));
    const problems = problemsOf({ attributes, lifecycle: { onDelete: 'archive' } });
    expect(problems.map((problem) => problem.where)).toEqual([...attributes.map((_, index) => `attributes[${index}].transform.case`), 'lifecycle.onDelete']);
  });

  it('names a missing field, a wrong type and a bad entry inside a value map by their place', () => {
    expect(
      problemsOf({
        attributes: [
          { scimPath: 'userName' },
          { scimPath: 7, appField: 'a' },
          { scimPath: 'userName', appField: 'b', transform: { valueMap: { x: 'y', z: 1 } } },
        ],
        groups: ['admins'],
        defaultRole: ['x'],
      }),
    ).toEqual([
      { where: 'attributes[0].appField', message: 'Name the app field this rule fills.' },
      { where: 'attributes[1].scimPath', message: 'scimPath is a SCIM path like name.givenName.' },
      { where: 'attributes[2].transform.valueMap', message: expect.stringContaining('valueMap maps IdP values to app values') },
      { where: 'groups[0]', message: 'A group rule is an object: { idpGroup, matchBy, appRole }.' },
      { where: 'defaultRole', message: 'defaultRole is a role name.' },
    ]);
  });

  it('says a list that is not one, and checks no rule inside it', () => {
    expect(problemsOf({ attributes: { scimPath: 'userName' }, groups: 'admins' })).toEqual([
      { where: 'attributes', message: 'attributes must be a list of rules.' },
      { where: 'groups', message: 'groups must be a list of rules.' },
    ]);
  });

  it('trims the names it keeps and fills the defaults', () => {
    const { compiled } = compileMappings({ groups: [{ idpGroup: ' Admins ', appRole: ' admin ' }], defaultRole: ' user ' }, schemas);
    expect(compiled!.mappings).toMatchObject({
      groups: [{ idpGroup: 'Admins', matchBy: 'displayName', appRole: 'admin' }],
      defaultRole: 'user',
      unmappedGroups: 'create',
      lifecycle: { onDeactivate: 'suspend', onReactivate: 'restore', onDelete: 'remove-user' },
    });
  });
});

describe('keys a mappings document does not know, at any depth', () => {
  it('names each, with the keys known there, where it used to drop them (a "matchby" typo fell back to displayName)', () => {
    expect(
      problemsOf({
        attributes: [
          { scimPath: 'userName', appField: 'login', trasform: { case: 'lower' } },
          { scimPath: 'title', appField: 'title', transform: { Case: 'upper' } },
        ],
        groups: [{ idpGroup: 'G-1', matchby: 'externalId', appRole: 'R' }],
        lifecycle: { onDeactivte: 'suspend' },
      }),
    ).toEqual([
      { where: 'attributes[0].trasform', message: 'Unknown key "trasform"; known: scimPath, appField, required, transform.' },
      { where: 'attributes[1].transform.Case', message: 'Unknown key "Case"; known: template, valueMap, case, default.' },
      { where: 'groups[0].matchby', message: 'Unknown key "matchby"; known: idpGroup, matchBy, appRole.' },
      { where: 'lifecycle.onDeactivte', message: 'Unknown key "onDeactivte"; known: onDeactivate, onReactivate, onDelete.' },
    ]);
  });
});
