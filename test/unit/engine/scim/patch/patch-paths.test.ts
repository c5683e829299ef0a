import { describe, expect, it } from 'vitest';
import { RequestNotes } from '../../../../../src/engine/compat/notes';
import { ScimError } from '../../../../../src/engine/scim/errors';
import { applyPatch, parsePatchRequest, type ApplyPatchOptions } from '../../../../../src/engine/scim/patch';
import { RESOURCE_SCHEMAS, type ResourceSchemas } from '../../../../../src/engine/scim/schemas';
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
    const error = scimErrorOf(() => patch([{ op: 'remove', path: 'displayName' }], { schemas: [URN.group], displayName: 'G' }, GROUP, { externalAttributes: ['members'] }));
    expect(error.scimType).toBe('mutability');
  });
});
