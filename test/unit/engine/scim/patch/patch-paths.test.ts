import { describe, expect, it } from 'vitest';
import { RequestNotes } from '../../../../../src/engine/compat/notes';
import { ScimError } from '../../../../../src/engine/scim/errors';
import { applyPatch, parsePatchRequest, type ApplyPatchOptions } from '../../../../../src/engine/scim/patch';
import { RESOURCE_SCHEMAS, type ResourceSchemas } from '../../../../../src/engine/scim/schemas';
import { parseExtensionDeclarations, schemasWithExtensions } from '../../../../../src/engine/scim/schemas/custom-extensions';
import { URN } from '../../../../../src/engine/scim/urns';

/** Issue 18's PATCH path defects: required-attribute removal, the whole-extension path, unqualified extension names. */

const USER = RESOURCE_SCHEMAS.User;
const GROUP = RESOURCE_SCHEMAS.Group;
const ENTERPRISE = URN.enterpriseUser;
type Doc = Record<string, any>;

const user = (): Doc => ({
  schemas: [URN.user, ENTERPRISE],
  userName: 'alice@example.com',
  title: 'Engineer',
  [ENTERPRISE]: { department: 'Sales', manager: { value: 'm1' } },
});

function patch(operations: unknown[], document: Doc = user(), schemas: ResourceSchemas = USER, options: ApplyPatchOptions = {}) {
  return applyPatch(document, parsePatchRequest({ schemas: [URN.patchOp], Operations: operations }), schemas, options);
}

function scimErrorOf(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

describe('removing a required attribute (RFC 7644 §3.5.2.2)', () => {
  it.each([
    ['remove', { op: 'remove', path: 'userName' }],
    ['replace with null', { op: 'replace', path: 'userName', value: null }],
  ])('%s of userName is a 400 mutability', (_, operation) => {
    const error = scimErrorOf(() => patch([operation]));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('mutability');
    expect(error.detail).toMatch(/userName.*required/);
  });

  it("a group's displayName likewise", () => {
    const error = scimErrorOf(() =>
      patch([{ op: 'remove', path: 'displayName' }], { schemas: [URN.group], displayName: 'G' }, GROUP, { externalAttributes: ['members'] }),
    );
    expect(error.scimType).toBe('mutability');
  });
});

describe('the whole enterprise extension as the path', () => {
  it('add sets the extension object and leaves its other attributes', () => {
    const { document } = patch([{ op: 'add', path: ENTERPRISE, value: { employeeNumber: '42', Division: 'EMEA' } }]);
    expect((document as Doc)[ENTERPRISE]).toEqual({ department: 'Sales', manager: { value: 'm1' }, employeeNumber: '42', division: 'EMEA' });
  });

  it('add to a user without the extension creates it', () => {
    const { document } = patch([{ op: 'add', path: ENTERPRISE, value: { department: 'R&D' } }], { schemas: [URN.user], userName: 'b' });
    expect((document as Doc)[ENTERPRISE]).toEqual({ department: 'R&D' });
  });

  it('replace sets the attributes given (RFC 7644 §3.5.2.3 leaves unspecified sub-attributes unchanged)', () => {
    const { document } = patch([{ op: 'replace', path: ENTERPRISE.toLowerCase(), value: { department: 'Support', manager: { value: 'm2' } } }]);
    expect((document as Doc)[ENTERPRISE]).toEqual({ department: 'Support', manager: { value: 'm2' } });
  });

  it('remove drops the extension object and its URN from schemas', () => {
    const result = patch([{ op: 'remove', path: ENTERPRISE }]);
    expect(result.changed).toBe(true);
    expect(result.document).not.toHaveProperty(ENTERPRISE);
    expect(result.document.schemas).toEqual([URN.user]);
  });

  it('removing its last attribute also unlists the URN', () => {
    const result = patch([
      { op: 'remove', path: `${ENTERPRISE}:department` },
      { op: 'remove', path: `${ENTERPRISE}:manager` },
    ]);
    expect(result.document.schemas).toEqual([URN.user]);
  });

  it('a value that is not an object is invalidValue', () => {
    expect(scimErrorOf(() => patch([{ op: 'add', path: ENTERPRISE, value: 'Sales' }])).scimType).toBe('invalidValue');
  });

  it('the core schema URN alone is still not a path', () => {
    expect(scimErrorOf(() => patch([{ op: 'remove', path: URN.user }])).scimType).toBe('invalidPath');
  });
});

describe('an unqualified name only an extension defines', () => {
  const notesOf = (notes: RequestNotes) => notes.items.map((note) => `${note.kind}:${note.code}`);

  it("Entra's manager add lands as the enterprise manager.value, noted", () => {
    const notes = new RequestNotes('entra');
    const { document } = patch([{ op: 'add', path: 'manager', value: [{ $ref: null, value: 'm2' }] }], { schemas: [URN.user], userName: 'b' }, USER, {
      rules: notes,
    });
    expect((document as Doc)[ENTERPRISE].manager.value).toBe('m2');
    expect(notesOf(notes)).toContain('normalised:unqualifiedExtensionPath');
  });

  it.each([
    ['department', 'R&D'],
    ['employeeNumber', '42'],
    ['Department', 'R&D'],
  ])('%s resolves to the enterprise extension', (path, value) => {
    const { document } = patch([{ op: 'replace', path, value }], undefined, USER, { rules: new RequestNotes('auto') });
    expect((document as Doc)[ENTERPRISE][path.charAt(0).toLowerCase() + path.slice(1)]).toBe(value);
    expect(document).not.toHaveProperty(path);
  });

  it('sub-attribute paths and remove resolve too', () => {
    const { document } = patch([
      { op: 'replace', path: 'manager.value', value: 'm9' },
      { op: 'remove', path: 'department' },
    ]);
    expect((document as Doc)[ENTERPRISE]).toEqual({ manager: { value: 'm9' } });
  });

  it('strict mode refuses it with invalidPath naming the qualified path', () => {
    const error = scimErrorOf(() => patch([{ op: 'replace', path: 'department', value: 'x' }], undefined, USER, { rules: new RequestNotes('strict') }));
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toContain(`${ENTERPRISE}:department`);
  });

  it('core attributes win over an extension attribute of the same name', () => {
    const [hr] = parseExtensionDeclarations([
      { id: 'urn:acme:params:scim:schemas:extension:hr:2.0:User', resourceType: 'User', attributes: [{ name: 'title', type: 'string' }] },
    ]);
    const schemas = schemasWithExtensions('User', [hr!]);
    const { document } = patch([{ op: 'replace', path: 'title', value: 'Boss' }], undefined, schemas);
    expect(document.title).toBe('Boss');
    expect(document).not.toHaveProperty('urn:acme:params:scim:schemas:extension:hr:2.0:User');
  });

  it('a name two extensions define is invalidPath naming both', () => {
    const declarations = parseExtensionDeclarations([
      { id: 'urn:acme:params:scim:schemas:extension:hr:2.0:User', resourceType: 'User', attributes: [{ name: 'department', type: 'string' }] },
    ]);
    const schemas = schemasWithExtensions('User', declarations);
    const error = scimErrorOf(() => patch([{ op: 'replace', path: 'department', value: 'x' }], undefined, schemas));
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toContain(`${ENTERPRISE}:department`);
    expect(error.detail).toContain('urn:acme:params:scim:schemas:extension:hr:2.0:User:department');
  });

  it('a name nothing defines is still invalidPath', () => {
    expect(scimErrorOf(() => patch([{ op: 'replace', path: 'shoeSize', value: 44 }])).scimType).toBe('invalidPath');
  });
});
