import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/engine/scim/errors';
import { MAX_PATCH_OPERATIONS, parsePatchRequest } from '../../../../src/engine/scim/patch';
import { URN } from '../../../../src/engine/scim/urns';

const SCHEMAS = [URN.patchOp];

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

describe('parsePatchRequest', () => {
  it('accepts the Okta deactivation shape', () => {
    const body = JSON.parse('{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}');
    expect(parsePatchRequest(body)).toEqual([{ op: 'replace', value: { active: false } }]);
  });

  it("lower-cases Entra's capitalised ops and keeps path and value", () => {
    const body = {
      schemas: SCHEMAS,
      Operations: [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'x@y.z' },
        { op: 'Remove', path: 'members', value: [{ value: 'id' }] },
        { op: 'REMOVE', path: 'title' },
      ],
    };
    expect(parsePatchRequest(body)).toEqual([
      { op: 'replace', path: 'active', value: 'False' },
      { op: 'add', path: 'emails[type eq "work"].value', value: 'x@y.z' },
      { op: 'remove', path: 'members', value: [{ value: 'id' }] },
      { op: 'remove', path: 'title' },
    ]);
  });

  it('accepts lower-case "operations" and a PatchOp URN in any case', () => {
    const body = { schemas: [URN.patchOp.toUpperCase()], operations: [{ op: 'add', path: 'title', value: 'x' }] };
    expect(parsePatchRequest(body)).toEqual([{ op: 'add', path: 'title', value: 'x' }]);
  });

  it('treats a null or empty path as no path', () => {
    const body = {
      schemas: SCHEMAS,
      Operations: [
        { op: 'replace', path: null, value: { active: true } },
        { op: 'replace', path: '', value: { active: true } },
      ],
    };
    expect(parsePatchRequest(body)).toEqual([
      { op: 'replace', value: { active: true } },
      { op: 'replace', value: { active: true } },
    ]);
  });

  it('keeps a null value for add/replace (it unassigns) but requires the key', () => {
    const body = { schemas: SCHEMAS, Operations: [{ op: 'replace', path: 'title', value: null }] };
    expect(parsePatchRequest(body)).toEqual([{ op: 'replace', path: 'title', value: null }]);
  });

  it('rejects a body that is not an object: invalidSyntax', () => {
    for (const body of [null, undefined, 'x', 42, []]) {
      expectScimError(() => parsePatchRequest(body), 'invalidSyntax', /JSON object/);
    }
  });

  it('rejects a body without the PatchOp schema: invalidSyntax', () => {
    expectScimError(() => parsePatchRequest({ Operations: [] }), 'invalidSyntax', /PatchOp/);
    expectScimError(() => parsePatchRequest({ schemas: URN.patchOp, Operations: [] }), 'invalidSyntax', /PatchOp/);
    expectScimError(() => parsePatchRequest({ schemas: [URN.user], Operations: [{ op: 'add', path: 'a', value: 1 }] }), 'invalidSyntax', /PatchOp/);
  });

  it('rejects missing or non-array Operations: invalidSyntax', () => {
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS }), 'invalidSyntax', /Operations/);
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: { op: 'add' } }), 'invalidSyntax', /array/);
  });

  it('rejects empty or oversized Operations: invalidValue', () => {
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: [] }), 'invalidValue', /empty/);
    const ops = Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: 'add', path: 'title', value: 'x' }));
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: ops }), 'invalidValue', /1000/);
    expect(parsePatchRequest({ schemas: SCHEMAS, Operations: ops.slice(1) })).toHaveLength(MAX_PATCH_OPERATIONS);
  });

  it('rejects operations that are not objects or have a bad op: invalidSyntax, naming the operation', () => {
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: ['add'] }), 'invalidSyntax', /Operations\[0\]/);
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: [{ path: 'a', value: 1 }] }), 'invalidSyntax', /"op"/);
    expectScimError(
      () =>
        parsePatchRequest({
          schemas: SCHEMAS,
          Operations: [
            { op: 'add', path: 'a', value: 1 },
            { op: 'move', path: 'a' },
          ],
        }),
      'invalidSyntax',
      /Operations\[1\].*"move"/,
    );
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: [{ op: 1, value: 1 }] }), 'invalidSyntax');
  });

  it('rejects a non-string path: invalidSyntax', () => {
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: [{ op: 'add', path: ['title'], value: 'x' }] }), 'invalidSyntax', /path/);
  });

  it('rejects add/replace without a value: invalidValue', () => {
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: [{ op: 'add', path: 'title' }] }), 'invalidValue', /value/);
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: [{ op: 'Replace' }] }), 'invalidValue', /value/);
  });

  it('rejects remove without a path: noTarget', () => {
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: [{ op: 'remove' }] }), 'noTarget', /path/);
    expectScimError(() => parsePatchRequest({ schemas: SCHEMAS, Operations: [{ op: 'Remove', value: { members: [] } }] }), 'noTarget');
  });
});
