import { describe, expect, it } from 'vitest';
import { describeOperation, type OperationInput } from '../../../../src/engine/recorder/describe-operation';
import type { ResourceChange } from '../../../../src/shared/recording';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const JANE_ID = '2819c223-7f76-453a-919d-413861904646';
const ENG_ID = 'e9e30dba-f08f-4109-8486-d5c6a331660a';

const jane = (extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: JANE_ID,
  userName: 'jane@acme.com',
  name: { givenName: 'Jane', familyName: 'Doe' },
  emails: [{ value: 'jane@acme.com', type: 'work', primary: true }],
  active: true,
  ...extra,
});
const engineering = (extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: ENG_ID,
  displayName: 'Engineering',
  ...extra,
});

const userChange = (before: Record<string, unknown> | null, after: Record<string, unknown> | null): ResourceChange => ({
  resourceType: 'User',
  resourceId: JANE_ID,
  before,
  after,
});
const groupChange = (before: Record<string, unknown> | null, after: Record<string, unknown> | null, members: Partial<ResourceChange> = {}): ResourceChange => ({
  resourceType: 'Group',
  resourceId: ENG_ID,
  before,
  after,
  ...members,
});

const describeAs = (input: Partial<OperationInput> & Pick<OperationInput, 'method' | 'path'>) =>
  describeOperation({ client: 'okta', status: 200, changes: [], ...input });

describe('describeOperation: writes, from the versions they made', () => {
  it('created user', () => {
    expect(describeAs({ method: 'POST', path: '/scim/v2/Users', status: 201, changes: [userChange(null, jane())] })).toBe('Okta created user jane@acme.com');
  });

  it('created group, with its members', () => {
    expect(
      describeAs({
        client: 'entra',
        method: 'POST',
        path: '/scim/v2/Groups',
        status: 201,
        changes: [groupChange(null, engineering(), { membersAdded: ['a', 'b'] })],
      }),
    ).toBe('Entra created group Engineering with 2 members');
  });

  it('deactivated user: active became false', () => {
    const change = userChange(jane(), jane({ active: false }));
    expect(describeAs({ method: 'PATCH', path: `/scim/v2/Users/${JANE_ID}`, changes: [change] })).toBe('Okta deactivated user jane@acme.com');
  });

  it('deactivated user: active absent before counts as active', () => {
    const { active: _active, ...withoutActive } = jane();
    expect(describeAs({ method: 'PUT', path: `/scim/v2/Users/${JANE_ID}`, changes: [userChange(withoutActive, jane({ active: false }))] })).toBe(
      'Okta deactivated user jane@acme.com',
    );
  });

  it('reactivated user', () => {
    const change = userChange(jane({ active: false }), jane({ active: true }));
    expect(describeAs({ client: 'entra', method: 'PATCH', path: `/scim/v2/Users/${JANE_ID}`, changes: [change] })).toBe('Entra reactivated user jane@acme.com');
  });

  it('updated user, naming sub-attributes by path and multi-valued attributes by name', () => {
    const after = jane({ name: { givenName: 'Jane', familyName: 'Smith' }, emails: [{ value: 'jane.smith@acme.com', type: 'work', primary: true }] });
    expect(describeAs({ client: 'entra', method: 'PATCH', path: `/scim/v2/Users/${JANE_ID}`, changes: [userChange(jane(), after)] })).toBe(
      'Entra updated user jane@acme.com (name.familyName, emails)',
    );
  });

  it('updated user: extension attributes without their URN, meta and schemas not named', () => {
    const before = jane({ [ENTERPRISE]: { department: 'Engineering' }, meta: { version: 'W/"1"' } });
    const after = jane({ [ENTERPRISE]: { department: 'Platform' }, meta: { version: 'W/"2"' }, schemas: ['x'] });
    expect(describeAs({ method: 'PATCH', path: `/scim/v2/Users/${JANE_ID}`, changes: [userChange(before, after)] })).toBe(
      'Okta updated user jane@acme.com (department)',
    );
    expect(describeAs({ method: 'PATCH', path: `/scim/v2/Users/${JANE_ID}`, changes: [userChange(jane(), before)] })).toBe(
      'Okta updated user jane@acme.com (enterprise)',
    );
  });

  it('updated user (a PUT too) named by the userName after a rename', () => {
    const change = userChange(jane(), jane({ userName: 'jane.smith@acme.com' }));
    expect(describeAs({ method: 'PUT', path: `/scim/v2/Users/${JANE_ID}`, changes: [change] })).toBe('Okta updated user jane.smith@acme.com (userName)');
  });

  it('renamed group', () => {
    const change = groupChange(engineering(), engineering({ displayName: 'Eng' }));
    expect(describeAs({ method: 'PATCH', path: `/scim/v2/Groups/${ENG_ID}`, status: 204, changes: [change] })).toBe('Okta renamed group Engineering → Eng');
  });

  it('added members to a group', () => {
    const change = groupChange(engineering(), engineering(), { membersAdded: ['a', 'b'] });
    expect(describeAs({ client: 'entra', method: 'PATCH', path: `/scim/v2/Groups/${ENG_ID}`, status: 204, changes: [change] })).toBe(
      'Entra added 2 members to Engineering',
    );
  });

  it('removed members from a group; one member is singular', () => {
    const three = groupChange(engineering(), engineering(), { membersRemoved: ['a', 'b', 'c'] });
    expect(describeAs({ client: 'entra', method: 'PATCH', path: `/scim/v2/Groups/${ENG_ID}`, status: 204, changes: [three] })).toBe(
      'Entra removed 3 members from Engineering',
    );
    const one = groupChange(engineering(), engineering(), { membersRemoved: ['a'] });
    expect(describeAs({ client: 'entra', method: 'PATCH', path: `/scim/v2/Groups/${ENG_ID}`, status: 204, changes: [one] })).toBe(
      'Entra removed 1 member from Engineering',
    );
  });

  it('renamed a group and changed its members in one request', () => {
    const change = groupChange(engineering(), engineering({ displayName: 'Eng' }), { membersAdded: ['a'], membersRemoved: ['b', 'c'] });
    expect(describeAs({ method: 'PATCH', path: `/scim/v2/Groups/${ENG_ID}`, status: 204, changes: [change] })).toBe(
      'Okta renamed group Engineering → Eng, added 1 member to Eng, removed 2 members from Eng',
    );
  });

  it('deleted user, named from the version before', () => {
    expect(describeAs({ method: 'DELETE', path: `/scim/v2/Users/${JANE_ID}`, status: 204, changes: [userChange(jane(), null)] })).toBe(
      'Okta deleted user jane@acme.com',
    );
  });

  it('names a user without userName from the request body, then by its id', () => {
    const nameless = { id: JANE_ID, displayName: 'Jane Doe' };
    const renamed = { id: JANE_ID, displayName: 'Jane Smith' };
    expect(
      describeAs({ method: 'PUT', path: `/scim/v2/Users/${JANE_ID}`, requestBody: { userName: 'jane@acme.com' }, changes: [userChange(nameless, renamed)] }),
    ).toBe('Okta updated user jane@acme.com (displayName)');
    expect(describeAs({ method: 'DELETE', path: `/scim/v2/Users/${JANE_ID}`, status: 204, changes: [userChange(nameless, null)] })).toBe(
      `Okta deleted user ${JANE_ID}`,
    );
  });

  it('a write that made no version is described by its request', () => {
    expect(describeAs({ method: 'PATCH', path: `/scim/v2/Users/${JANE_ID}`, status: 204 })).toBe(`Okta updated user ${JANE_ID}`);
  });
});

describe('describeOperation: reads', () => {
  it('looked up users with a filter', () => {
    expect(
      describeAs({ method: 'GET', path: '/scim/v2/Users?filter=userName%20eq%20%22jane%40acme.com%22', query: { filter: 'userName eq "jane@acme.com"' } }),
    ).toBe('Okta looked up users where userName eq "jane@acme.com"');
  });

  it('listed users, with the page when the client paged', () => {
    expect(describeAs({ method: 'GET', path: '/scim/v2/Users?startIndex=101&count=100', query: { startIndex: '101', count: '100' } })).toBe(
      'Okta listed users (page 2)',
    );
    expect(describeAs({ method: 'GET', path: '/scim/v2/Users?count=100', query: { count: '100' } })).toBe('Okta listed users (page 1)');
    expect(describeAs({ client: 'entra', method: 'GET', path: '/scim/v2/Groups', query: {} })).toBe('Entra listed groups');
  });

  it('read user by id: named from the response when it has one, else by the id', () => {
    const path = `/scim/v2/Users/${JANE_ID}`;
    expect(describeAs({ method: 'GET', path, responseBody: jane() })).toBe('Okta read user jane@acme.com');
    expect(describeAs({ method: 'GET', path })).toBe(`Okta read user ${JANE_ID}`);
  });

  it('searched, ran a bulk request, read a discovery endpoint', () => {
    expect(describeAs({ method: 'POST', path: '/scim/v2/Users/.search' })).toBe('Okta searched users');
    expect(describeAs({ method: 'POST', path: '/scim/v2/Bulk' })).toBe('Okta ran a bulk request');
    expect(describeAs({ method: 'GET', path: '/scim/v2/ServiceProviderConfig' })).toBe('Okta read ServiceProviderConfig');
  });
});

describe('describeOperation: failures', () => {
  it('tried to create user: status and scimType', () => {
    expect(
      describeAs({
        method: 'POST',
        path: '/scim/v2/Users',
        status: 409,
        requestBody: { userName: 'jane@acme.com' },
        responseBody: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness' },
      }),
    ).toBe('Okta tried to create user jane@acme.com: 409 uniqueness');
  });

  it('tried to create group, without a response body', () => {
    expect(describeAs({ client: 'onelogin', method: 'POST', path: '/scim/v2/Groups', status: 400, requestBody: { displayName: 'Engineering' } })).toBe(
      'OneLogin tried to create group Engineering: 400',
    );
  });

  it('tried to update or read by id: named by the id', () => {
    expect(describeAs({ method: 'PATCH', path: `/scim/v2/Users/${JANE_ID}`, status: 404, requestBody: { Operations: [] } })).toBe(
      `Okta tried to update user ${JANE_ID}: 404`,
    );
    expect(describeAs({ method: 'GET', path: '/scim/v2/Users/no-such-user', status: 404, responseBody: { status: '404' } })).toBe(
      'Okta tried to read user no-such-user: 404',
    );
  });

  it('tried to look up users', () => {
    expect(
      describeAs({ method: 'GET', path: '/scim/v2/Users', status: 400, query: { filter: 'nickName xx 1' }, responseBody: { scimType: 'invalidFilter' } }),
    ).toBe('Okta tried to look up users where nickName xx 1: 400 invalidFilter');
  });
});

describe('describeOperation: client names', () => {
  it.each([
    ['okta', 'Okta'],
    ['entra', 'Entra'],
    ['onelogin', 'OneLogin'],
    ['workbench', 'Workbench'],
    ['other', 'A client'],
  ] as const)('%s → %s', (client, name) => {
    expect(describeOperation({ client, method: 'DELETE', path: `/scim/v2/Users/${JANE_ID}`, status: 204, changes: [userChange(jane(), null)] })).toBe(
      `${name} deleted user jane@acme.com`,
    );
  });
});
