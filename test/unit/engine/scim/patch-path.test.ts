import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/engine/scim/errors';
import { parsePatchPath } from '../../../../src/engine/scim/patch';
import { RESOURCE_SCHEMAS } from '../../../../src/engine/scim/schemas';
import { URN } from '../../../../src/engine/scim/urns';

const USER = RESOURCE_SCHEMAS.User;
const GROUP = RESOURCE_SCHEMAS.Group;

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

describe('parsePatchPath', () => {
  it('resolves a plain attribute, in any case', () => {
    const path = parsePatchPath('ACTIVE', USER);
    expect(path.ref.attribute.name).toBe('active');
    expect(path.ref.subAttribute).toBeUndefined();
    expect(path.ref.documentKeys).toEqual(['active']);
    expect(path.valueFilter).toBeUndefined();
  });

  it('resolves a sub-attribute', () => {
    const path = parsePatchPath('name.givenName', USER);
    expect(path.ref.attribute.name).toBe('name');
    expect(path.ref.subAttribute?.name).toBe('givenName');
    expect(path.ref.documentKeys).toEqual(['name', 'givenName']);
  });

  it('resolves URN-qualified extension attributes and their sub-attributes', () => {
    const department = parsePatchPath(`${URN.enterpriseUser}:department`, USER);
    expect(department.ref.isExtension).toBe(true);
    expect(department.ref.documentKeys).toEqual([URN.enterpriseUser, 'department']);

    const manager = parsePatchPath(`${URN.enterpriseUser}:manager.value`, USER);
    expect(manager.ref.attribute.name).toBe('manager');
    expect(manager.ref.subAttribute?.name).toBe('value');
    expect(manager.ref.documentKeys).toEqual([URN.enterpriseUser, 'manager', 'value']);
  });

  it('resolves core-URN-qualified attributes', () => {
    const path = parsePatchPath(`${URN.user}:userName`, USER);
    expect(path.ref.isExtension).toBe(false);
    expect(path.ref.documentKeys).toEqual(['userName']);
  });

  it('parses a value filter, matching elements with it', () => {
    const path = parsePatchPath('emails[type eq "work"]', USER);
    expect(path.ref.attribute.name).toBe('emails');
    expect(path.ref.subAttribute).toBeUndefined();
    expect(path.valueFilter?.filter).toEqual({ op: 'eq', attrPath: 'type', compValue: 'work' });
    expect(path.valueFilter?.matches({ type: 'Work', value: 'a' })).toBe(true);
    expect(path.valueFilter?.matches({ type: 'home', value: 'a' })).toBe(false);
  });

  it('parses a value filter followed by a sub-attribute', () => {
    const path = parsePatchPath('emails[type eq "work"].value', USER);
    expect(path.ref.attribute.name).toBe('emails');
    expect(path.ref.subAttribute?.name).toBe('value');
    expect(path.valueFilter?.filter.op).toBe('eq');
  });

  it('parses a URN-qualified value filter path', () => {
    const path = parsePatchPath(`${URN.user}:emails[type eq "work"].value`, USER);
    expect(path.ref.attribute.name).toBe('emails');
    expect(path.ref.subAttribute?.name).toBe('value');
  });

  it('keeps quoted brackets inside the filter', () => {
    const path = parsePatchPath('emails[value eq "a]b[c" and type eq "work"].display', USER);
    expect(path.valueFilter?.matches({ value: 'a]b[c', type: 'work' })).toBe(true);
    expect(path.ref.subAttribute?.name).toBe('display');
    const escaped = parsePatchPath('emails[value eq "say \\"]\\""]', USER);
    expect(escaped.valueFilter?.matches({ value: 'say "]"' })).toBe(true);
  });

  it('parses member filters on Groups, including disjunctions', () => {
    const path = parsePatchPath('members[value eq "a" or value eq "b"]', GROUP);
    expect(path.valueFilter?.filter.op).toBe('or');
    expect(path.valueFilter?.matches({ value: 'b' })).toBe(true);
  });

  it('unknown attributes are invalidPath naming them', () => {
    expectScimError(() => parsePatchPath('nickname2', USER), 'invalidPath', /"nickname2"/);
    expectScimError(() => parsePatchPath('name.nope', USER), 'invalidPath', /"name\.nope"/);
    expectScimError(() => parsePatchPath('nope[type eq "x"]', USER), 'invalidPath', /"nope"/);
    expectScimError(() => parsePatchPath('emails[type eq "work"].nope', USER), 'invalidPath', /"emails\.nope"/);
    expectScimError(() => parsePatchPath(`${URN.enterpriseUser}:nope`, USER), 'invalidPath', /nope/);
    expectScimError(() => parsePatchPath('members', USER), 'invalidPath', /"members"/);
  });

  it('malformed paths are invalidPath', () => {
    for (const bad of [
      '',
      '   ',
      '[type eq "work"]',
      'emails[type eq "work"',
      'emails[]',
      'emails[type eq "work"]value',
      'emails[type eq "work"].value.extra',
      'emails[type eq "work"][value eq "x"]',
      'emails[type eq "work" and x[y eq 1]]',
      'user name',
      'userName]',
      URN.enterpriseUser,
    ]) {
      expectScimError(() => parsePatchPath(bad, USER), 'invalidPath');
    }
  });

  it('value filters on attributes that are not multi-valued complex are invalidPath', () => {
    expectScimError(() => parsePatchPath('name[givenName eq "x"]', USER), 'invalidPath', /multi-valued/);
    expectScimError(() => parsePatchPath('userName[value eq "x"]', USER), 'invalidPath', /multi-valued/);
    expectScimError(() => parsePatchPath('emails.value[value eq "x"]', USER), 'invalidPath', /multi-valued/);
  });

  it('bad filters inside the brackets are invalidFilter (RFC 7644 Table 9: PATCH path filter)', () => {
    expectScimError(() => parsePatchPath('emails[type eq]', USER), 'invalidFilter');
    expectScimError(() => parsePatchPath('emails[nope eq "x"]', USER), 'invalidFilter', /"nope"/);
    expectScimError(() => parsePatchPath('emails[primary gt true]', USER), 'invalidFilter');
  });
});
