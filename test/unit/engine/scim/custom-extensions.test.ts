import { describe, expect, it } from 'vitest';
import { parseExtensionDeclarations, schemasWithExtensions, toSchemaDefinition, workspaceSchemas } from '../../../../src/engine/scim/schemas/custom-extensions';
import { RESOURCE_SCHEMAS } from '../../../../src/engine/scim/schemas';
import { URN } from '../../../../src/engine/scim/urns';

const HR = 'urn:acme:params:scim:schemas:extension:hr:2.0:User';
const hrDeclaration = {
  id: HR,
  name: 'HrUser',
  resourceType: 'User',
  attributes: [
    { name: 'badgeNumber', type: 'integer', required: true },
    { name: 'site', type: 'string', caseExact: true, canonicalValues: ['Berlin', 'Boston'] },
    { name: 'hireDate', type: 'dateTime', mutability: 'immutable' },
    {
      name: 'cards',
      type: 'complex',
      multiValued: true,
      subAttributes: [
        { name: 'value', type: 'string' },
        { name: 'active', type: 'boolean' },
      ],
    },
  ],
};

describe('declaring an extension schema', () => {
  it('becomes a full RFC 7643 definition with the RFC defaults', () => {
    const [declaration] = parseExtensionDeclarations([hrDeclaration]);
    const schema = toSchemaDefinition(declaration!);
    expect(schema.id).toBe(HR);
    const byName = Object.fromEntries(schema.attributes.map((attribute) => [attribute.name, attribute]));
    expect(byName.badgeNumber).toMatchObject({
      type: 'integer',
      required: true,
      multiValued: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    });
    expect(byName.site).toMatchObject({ caseExact: true, canonicalValues: ['Berlin', 'Boston'] });
    expect(byName.hireDate!.mutability).toBe('immutable');
    expect(byName.cards!.subAttributes!.map((attribute) => attribute.name)).toEqual(['value', 'active']);
  });

  it('is added to its resource type only, after the built-in extensions, without changing the built-ins', () => {
    const declarations = parseExtensionDeclarations([hrDeclaration]);
    const users = schemasWithExtensions('User', declarations);
    expect(users.extensions.map((schema) => schema.id)).toEqual([URN.enterpriseUser, HR]);
    expect(users.resourceType.schemaExtensions).toEqual([
      { schema: URN.enterpriseUser, required: false },
      { schema: HR, required: false },
    ]);
    expect(schemasWithExtensions('Group', declarations)).toBe(RESOURCE_SCHEMAS.Group);
    expect(RESOURCE_SCHEMAS.User.extensions.map((schema) => schema.id)).toEqual([URN.enterpriseUser]);
    // Cached per declarations array (settings are parsed once per stored text); a new parse builds an equal one.
    expect(schemasWithExtensions('User', declarations)).toBe(users);
    expect(schemasWithExtensions('User', parseExtensionDeclarations([hrDeclaration]))).toEqual(users);
  });

  it.each([
    [{}, /must be a list/],
    [[{ ...hrDeclaration, id: 'hr-extension' }], /extensions\[0\]\.id must be a URN/],
    [[{ ...hrDeclaration, id: URN.enterpriseUser }], /built-in schema/],
    [[hrDeclaration, { ...hrDeclaration, id: HR.toUpperCase().replace('URN', 'urn') }], /declared twice/],
    [[{ ...hrDeclaration, resourceType: 'Device' }], /resourceType must be "User" or "Group"/],
    [[{ ...hrDeclaration, attributes: [] }], /non-empty list/],
    [[{ ...hrDeclaration, attributes: [{ name: '1st', type: 'string' }] }], /not a SCIM attribute name/],
    [[{ ...hrDeclaration, attributes: [{ name: 'a"); DROP TABLE resources; --', type: 'string' }] }], /not a SCIM attribute name/],
    [
      [
        {
          ...hrDeclaration,
          attributes: [
            { name: 'site', type: 'string' },
            { name: 'Site', type: 'string' },
          ],
        },
      ],
      /attributes\[1\]\.name "Site" is declared twice/,
    ],
    [[{ ...hrDeclaration, attributes: [{ name: 'site', type: 'text' }] }], /type must be one of string, boolean/],
    [[{ ...hrDeclaration, attributes: [{ name: 'site', type: 'string', mutability: 'sometimes' }] }], /mutability must be one of/],
    [[{ ...hrDeclaration, attributes: [{ name: 'site', type: 'string', subAttributes: [] }] }], /only allowed on a complex attribute/],
    [
      [
        {
          ...hrDeclaration,
          attributes: [{ name: 'c', type: 'complex', subAttributes: [{ name: 'd', type: 'complex', subAttributes: [{ name: 'e', type: 'string' }] }] }],
        },
      ],
      /complex inside a complex/,
    ],
    [[{ ...hrDeclaration, attributes: [{ name: 'site', type: 'string', canonicalValues: [1] }] }], /canonicalValues must be a list of strings/],
  ])('refuses %j with a message that says where', (input, message) => {
    expect(() => parseExtensionDeclarations(input)).toThrow(message);
  });
});

describe('a workspace’s advertised schemas', () => {
  it('list the core schemas, the enterprise extension and the declared ones, findable by URN in any case', () => {
    const advertised = workspaceSchemas(parseExtensionDeclarations([hrDeclaration]));
    expect(advertised.schemas.map((schema) => schema.id)).toEqual([URN.user, URN.group, URN.enterpriseUser, HR]);
    expect(advertised.find(HR.toUpperCase())?.id).toBe(HR);
    expect(advertised.resourceTypes.map((schemas) => schemas.resourceType.schemaExtensions.length)).toEqual([2, 0]);
    expect(workspaceSchemas([]).schemas.map((schema) => schema.id)).toEqual([URN.user, URN.group, URN.enterpriseUser]);
  });
});
