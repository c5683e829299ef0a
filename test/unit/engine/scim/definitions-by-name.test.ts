import { describe, expect, it } from 'vitest';
import { definitionsByName } from '../../../../src/engine/scim/schemas/definitions-by-name';
import { findSubAttribute } from '../../../../src/engine/scim/schemas/find-sub-attribute';
import { resolveAttributePath } from '../../../../src/engine/scim/attribute-path';
import { normalizeResource } from '../../../../src/engine/scim/normalize';
import { RESOURCE_SCHEMAS } from '../../../../src/engine/scim/schemas/resource-types';
import type { AttributeDefinition } from '../../../../src/engine/scim/schemas/types';
import { URN } from '../../../../src/engine/scim/urns';

const attribute = (name: string, description: string): AttributeDefinition =>
  ({
    name,
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    description,
  }) as AttributeDefinition;

describe('definitionsByName', () => {
  it('finds a definition by its name in any case, the first of a name as a search from the start would', () => {
    const list = [attribute('userName', 'first'), attribute('USERNAME', 'second'), attribute('title', 'third')];
    const byName = definitionsByName(list);
    expect(byName.get('username')!.description).toBe('first');
    expect(byName.get('title')!.description).toBe('third');
    expect(byName.get('userName')).toBeUndefined();
    expect(definitionsByName(list)).toBe(byName);
  });

  it('is what the schema lookups use: any case of a name finds the same attribute, an unknown one nothing', () => {
    const user = RESOURCE_SCHEMAS.User;
    const name = user.core.attributes.find((candidate) => candidate.name === 'name')!;
    expect(findSubAttribute(name, 'GIVENNAME')?.name).toBe('givenName');
    expect(findSubAttribute(name, 'nickName')).toBeUndefined();
    expect(
      findSubAttribute(
        user.core.attributes.find((candidate) => candidate.name === 'userName')!,
        'value',
      ),
    ).toBeUndefined();
    expect(resolveAttributePath('NAME.familyname', user)?.documentKeys).toEqual(['name', 'familyName']);
    expect(resolveAttributePath('emails.nothing', user)).toBeUndefined();
    const { document } = normalizeResource({ schemas: [URN.user], USERNAME: 'jo', Name: { GivenName: 'Jo' }, ACTIVE: 'true' }, user);
    expect(document).toEqual({ schemas: [URN.user], userName: 'jo', name: { givenName: 'Jo' }, active: true });
  });
});
