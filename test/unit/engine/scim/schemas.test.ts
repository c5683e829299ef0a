import { describe, expect, it } from 'vitest';
import { resolveAttributePath } from '../../../../src/engine/scim/attribute-path';
import {
  ALL_SCHEMAS,
  ENTERPRISE_USER_SCHEMA,
  GROUP_RESOURCE_TYPE,
  GROUP_SCHEMA,
  RESOURCE_SCHEMAS,
  USER_RESOURCE_TYPE,
  USER_SCHEMA,
  findSchema,
  resourceTypeDocument,
  schemaDocument,
  serviceProviderConfig,
  type AttributeDefinition,
  type SchemaDefinition,
} from '../../../../src/engine/scim/schemas';
import { URN } from '../../../../src/engine/scim/urns';

const TYPES = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'];
const MUTABILITY = ['readOnly', 'readWrite', 'immutable', 'writeOnly'];
const RETURNED = ['always', 'never', 'default', 'request'];
const UNIQUENESS = ['none', 'server', 'global'];

/** Every attribute with its dotted path, sub-attributes included. */
function allAttributes(schema: SchemaDefinition): [string, AttributeDefinition][] {
  return schema.attributes.flatMap((attribute) => [
    [attribute.name, attribute] as [string, AttributeDefinition],
    ...(attribute.subAttributes ?? []).map((sub) => [`${attribute.name}.${sub.name}`, sub] as [string, AttributeDefinition]),
  ]);
}

function attributeAt(schema: SchemaDefinition, path: string): AttributeDefinition {
  const found = allAttributes(schema).find(([candidate]) => candidate === path);
  if (!found) throw new Error(`${schema.name} has no ${path}`);
  return found[1];
}

describe.each(ALL_SCHEMAS.map((schema) => [schema.name, schema] as const))('%s schema', (_, schema) => {
  it.each(allAttributes(schema))('%s has every characteristic, with valid values', (_path, attribute) => {
    expect(attribute.name).toMatch(/^\$?[A-Za-z][\w-]*$/);
    expect(TYPES).toContain(attribute.type);
    expect(typeof attribute.multiValued).toBe('boolean');
    expect(attribute.description.length).toBeGreaterThan(0);
    expect(typeof attribute.required).toBe('boolean');
    expect(typeof attribute.caseExact).toBe('boolean');
    expect(MUTABILITY).toContain(attribute.mutability);
    expect(RETURNED).toContain(attribute.returned);
    expect(UNIQUENESS).toContain(attribute.uniqueness);
    if (attribute.type === 'reference') expect(attribute.referenceTypes?.length).toBeGreaterThan(0);
    else expect(attribute.referenceTypes).toBeUndefined();
  });

  it('gives every complex attribute sub-attributes, and only complex ones', () => {
    for (const [path, attribute] of allAttributes(schema)) {
      if (attribute.type === 'complex') expect(attribute.subAttributes?.length, path).toBeGreaterThan(0);
      else expect(attribute.subAttributes, path).toBeUndefined();
    }
  });

  it('has no complex sub-attributes (RFC 7643 §2.4)', () => {
    const nested = allAttributes(schema).filter(([path, a]) => path.includes('.') && a.type === 'complex');
    expect(nested).toEqual([]);
  });

  it('keeps attribute names unique, case-insensitively, within each level', () => {
    const levels = [schema.attributes, ...schema.attributes.map((a) => a.subAttributes ?? [])];
    for (const level of levels) {
      const names = level.map((a) => a.name.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
    }
  });
});

describe('User schema against RFC 7643', () => {
  it('has the full attribute list of §4.1 in order', () => {
    expect(USER_SCHEMA.id).toBe(URN.user);
    expect(USER_SCHEMA.attributes.map((a) => a.name)).toEqual([
      'userName',
      'name',
      'displayName',
      'nickName',
      'profileUrl',
      'title',
      'userType',
      'preferredLanguage',
      'locale',
      'timezone',
      'active',
      'password',
      'emails',
      'phoneNumbers',
      'ims',
      'photos',
      'addresses',
      'groups',
      'entitlements',
      'roles',
      'x509Certificates',
    ]);
  });

  it('requires userName, unique per server, case-insensitive', () => {
    expect(attributeAt(USER_SCHEMA, 'userName')).toMatchObject({
      type: 'string',
      required: true,
      uniqueness: 'server',
      caseExact: false,
      multiValued: false,
    });
    expect(USER_SCHEMA.attributes.filter((a) => a.required).map((a) => a.name)).toEqual(['userName']);
  });

  it('never returns the password and only accepts writes', () => {
    expect(attributeAt(USER_SCHEMA, 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
  });

  it('makes groups and all of its sub-attributes read-only', () => {
    const groups = attributeAt(USER_SCHEMA, 'groups');
    expect(groups).toMatchObject({ type: 'complex', multiValued: true, mutability: 'readOnly' });
    expect(groups.subAttributes?.map((a) => a.name)).toEqual(['value', '$ref', 'display', 'type']);
    expect(groups.subAttributes?.every((a) => a.mutability === 'readOnly')).toBe(true);
    expect(attributeAt(USER_SCHEMA, 'groups.$ref').referenceTypes).toEqual(['User', 'Group']);
    expect(attributeAt(USER_SCHEMA, 'groups.type').canonicalValues).toEqual(['direct', 'indirect']);
  });

  it('gives the name sub-attributes of §4.1.1', () => {
    expect(attributeAt(USER_SCHEMA, 'name').subAttributes?.map((a) => a.name)).toEqual([
      'formatted',
      'familyName',
      'givenName',
      'middleName',
      'honorificPrefix',
      'honorificSuffix',
    ]);
  });

  it('gives multi-valued attributes value/display/type/primary with the RFC canonical types', () => {
    for (const name of ['emails', 'phoneNumbers', 'ims', 'photos', 'entitlements', 'roles', 'x509Certificates']) {
      const attribute = attributeAt(USER_SCHEMA, name);
      expect(attribute.multiValued, name).toBe(true);
      expect(
        attribute.subAttributes?.map((a) => a.name),
        name,
      ).toEqual(['value', 'display', 'type', 'primary']);
      expect(attributeAt(USER_SCHEMA, `${name}.primary`).type).toBe('boolean');
    }
    expect(attributeAt(USER_SCHEMA, 'emails.type').canonicalValues).toEqual(['work', 'home', 'other']);
    expect(attributeAt(USER_SCHEMA, 'phoneNumbers.type').canonicalValues).toEqual(expect.arrayContaining(['work', 'home', 'mobile', 'fax', 'pager', 'other']));
    expect(attributeAt(USER_SCHEMA, 'ims.type').canonicalValues).toContain('xmpp');
    expect(attributeAt(USER_SCHEMA, 'photos.type').canonicalValues).toEqual(['photo', 'thumbnail']);
    expect(attributeAt(USER_SCHEMA, 'photos.value')).toMatchObject({ type: 'reference', referenceTypes: ['external'] });
    expect(attributeAt(USER_SCHEMA, 'x509Certificates.value').type).toBe('binary');
  });

  it('gives addresses the §4.1.2 components', () => {
    const addresses = attributeAt(USER_SCHEMA, 'addresses');
    expect(addresses.multiValued).toBe(true);
    expect(addresses.subAttributes?.map((a) => a.name)).toEqual([
      'formatted',
      'streetAddress',
      'locality',
      'region',
      'postalCode',
      'country',
      'type',
      'primary',
    ]);
    expect(attributeAt(USER_SCHEMA, 'addresses.type').canonicalValues).toEqual(['work', 'home', 'other']);
  });

  it('types active as boolean and profileUrl as an external reference', () => {
    expect(attributeAt(USER_SCHEMA, 'active').type).toBe('boolean');
    expect(attributeAt(USER_SCHEMA, 'profileUrl')).toMatchObject({ type: 'reference', referenceTypes: ['external'] });
  });
});

describe('Group schema against RFC 7643', () => {
  it('requires displayName', () => {
    expect(attributeAt(GROUP_SCHEMA, 'displayName').required).toBe(true);
  });

  it('defines members with an immutable value and User/Group types', () => {
    expect(attributeAt(GROUP_SCHEMA, 'members')).toMatchObject({ type: 'complex', multiValued: true, mutability: 'readWrite' });
    expect(attributeAt(GROUP_SCHEMA, 'members').subAttributes?.map((a) => a.name)).toEqual(['value', '$ref', 'display', 'type']);
    expect(attributeAt(GROUP_SCHEMA, 'members.value').mutability).toBe('immutable');
    expect(attributeAt(GROUP_SCHEMA, 'members.$ref').referenceTypes).toEqual(['User', 'Group']);
    expect(attributeAt(GROUP_SCHEMA, 'members.display').mutability).toBe('readOnly');
    expect(attributeAt(GROUP_SCHEMA, 'members.type').canonicalValues).toEqual(['User', 'Group']);
  });
});

describe('Enterprise User extension against RFC 7643 §4.3', () => {
  it('has the §4.3 attributes', () => {
    expect(ENTERPRISE_USER_SCHEMA.id).toBe(URN.enterpriseUser);
    expect(ENTERPRISE_USER_SCHEMA.attributes.map((a) => a.name)).toEqual(['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager']);
    expect(attributeAt(ENTERPRISE_USER_SCHEMA, 'manager').subAttributes?.map((a) => a.name)).toEqual(['value', '$ref', 'displayName']);
    expect(attributeAt(ENTERPRISE_USER_SCHEMA, 'manager.$ref').referenceTypes).toEqual(['User']);
    expect(attributeAt(ENTERPRISE_USER_SCHEMA, 'manager.displayName').mutability).toBe('readOnly');
  });
});

describe('resource types', () => {
  it('offers the enterprise extension on User, optionally', () => {
    expect(USER_RESOURCE_TYPE).toMatchObject({ id: 'User', endpoint: '/Users', schema: URN.user });
    expect(USER_RESOURCE_TYPE.schemaExtensions).toEqual([{ schema: URN.enterpriseUser, required: false }]);
    expect(GROUP_RESOURCE_TYPE).toMatchObject({ id: 'Group', endpoint: '/Groups', schema: URN.group, schemaExtensions: [] });
  });

  it('pairs each resource type with the schemas it names', () => {
    for (const schemas of Object.values(RESOURCE_SCHEMAS)) {
      expect(schemas.core.id).toBe(schemas.resourceType.schema);
      expect(schemas.extensions.map((s) => s.id)).toEqual(schemas.resourceType.schemaExtensions.map((e) => e.schema));
    }
  });
});

describe('findSchema', () => {
  it('finds schemas by URN, ignoring case', () => {
    expect(findSchema(URN.group)).toBe(GROUP_SCHEMA);
    expect(findSchema(URN.enterpriseUser.toUpperCase())).toBe(ENTERPRISE_USER_SCHEMA);
  });

  it('returns undefined for unknown or partial URNs', () => {
    expect(findSchema('urn:ietf:params:scim:schemas:core:2.0:Device')).toBeUndefined();
    expect(findSchema('urn:ietf:params:scim:schemas:core:2.0')).toBeUndefined();
    expect(findSchema('')).toBeUndefined();
  });
});

describe('resolveAttributePath over the real schemas', () => {
  const user = RESOURCE_SCHEMAS.User;

  it('resolves core sub-attributes', () => {
    const ref = resolveAttributePath('name.givenName', user);
    expect(ref?.subAttribute?.name).toBe('givenName');
    expect(ref?.documentKeys).toEqual(['name', 'givenName']);
    expect(ref?.isExtension).toBe(false);
  });

  it('ignores case and answers with canonical names', () => {
    expect(resolveAttributePath('EMAILS.VALUE', user)?.documentKeys).toEqual(['emails', 'value']);
  });

  it('resolves URN-qualified extension attributes under the extension key', () => {
    const ref = resolveAttributePath(`${URN.enterpriseUser}:department`, user);
    expect(ref?.isExtension).toBe(true);
    expect(ref?.schema).toBe(ENTERPRISE_USER_SCHEMA);
    expect(ref?.documentKeys).toEqual([URN.enterpriseUser, 'department']);
  });

  it('resolves the common attributes', () => {
    expect(resolveAttributePath('meta.created', user)?.subAttribute?.type).toBe('dateTime');
    expect(resolveAttributePath('id', user)?.attribute.mutability).toBe('readOnly');
    expect(resolveAttributePath('id', user)?.schema).toBeUndefined();
  });

  it('returns undefined for paths that name nothing', () => {
    expect(resolveAttributePath('nope', user)).toBeUndefined();
    expect(resolveAttributePath('name.nope', user)).toBeUndefined();
    expect(resolveAttributePath('members', user)).toBeUndefined();
    expect(resolveAttributePath(`${URN.enterpriseUser}:userName`, user)).toBeUndefined();
  });

  it('resolves Group members against the Group schemas', () => {
    expect(resolveAttributePath('members.value', RESOURCE_SCHEMAS.Group)?.subAttribute?.mutability).toBe('immutable');
  });
});

describe('discovery documents', () => {
  const base = 'http://127.0.0.1:8080/scim/v2';

  it('describes the service provider per RFC 7643 §5', () => {
    const config = serviceProviderConfig(base, { maxResults: 200, maxPayloadSize: 1_048_576 });
    expect(config).toMatchObject({
      schemas: [URN.serviceProviderConfig],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
    });
    expect(config.authenticationSchemes).toEqual([
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token in the Authorization header',
        primary: true,
      },
    ]);
  });

  it('ignores a trailing slash on the base URL', () => {
    expect(serviceProviderConfig(`${base}/`, { maxResults: 1, maxPayloadSize: 1 }).meta.location).toBe(`${base}/ServiceProviderConfig`);
  });

  it('describes resource types per RFC 7643 §6', () => {
    expect(resourceTypeDocument(USER_RESOURCE_TYPE, base)).toEqual({
      schemas: [URN.resourceType],
      ...USER_RESOURCE_TYPE,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    });
    expect(resourceTypeDocument(GROUP_RESOURCE_TYPE, base).meta.location).toBe(`${base}/ResourceTypes/Group`);
  });

  it('describes schemas per RFC 7643 §7 without sharing the live definition', () => {
    const document = schemaDocument(ENTERPRISE_USER_SCHEMA, base);
    expect(document).toEqual({
      schemas: [URN.schema],
      ...ENTERPRISE_USER_SCHEMA,
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${URN.enterpriseUser}` },
    });
    document.attributes[0]!.name = 'changed';
    expect(ENTERPRISE_USER_SCHEMA.attributes[0]?.name).toBe('employeeNumber');
  });
});
