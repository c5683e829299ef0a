import { URN } from '../scim/urns';
import type { FakePerson } from './fake-people';
import { filterQuery, idOf, type ScimClient } from '../client/scim-client';
import { IDPS, type IdpName } from './idp-names';

export { IDPS, type IdpName };

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * How each IdP words the same provisioning actions, from their SCIM guides and the traffic the
 * workbench records from them:
 * - Okta ("SCIM 2.0 Test App", Header Auth): looks users up by `userName eq`, creates with a
 *   primary work email, updates profiles with PUT, deactivates with a PATCH `replace` of
 *   `{active:false}`, never DELETEs users, pushes groups by POST then PATCH `add` of members,
 *   renames groups with a path-less `replace` echoing the id, removes members one by one with
 *   `members[value eq "…"]`.
 * - Entra ID: sends externalId (the objectId) and the enterprise extension, capitalised ops
 *   (`Replace`, `Add`, `Remove`), `active` as the string "False", path-based replaces
 *   (`name.givenName`), member removal as a value list, DELETE after soft-delete.
 * - OneLogin: lookups by `userName eq`, PUT for updates and (de)activation, DELETE.
 */
export interface IdpDialect {
  name: IdpName;
  label: string;
  userAgent: string;
  testConnection(client: ScimClient): Promise<void>;
  /** The person's user on the server, if any, and whether it is active (an IdP reactivates a user it assigns again). */
  findUser(client: ScimClient, person: FakePerson): Promise<FoundUser | undefined>;
  createUser(client: ScimClient, person: FakePerson, managerId?: string): Promise<string | undefined>;
  updateProfile(client: ScimClient, id: string, person: FakePerson, change: { title: string; city: string }): Promise<number>;
  setActive(client: ScimClient, id: string, person: FakePerson, active: boolean): Promise<number>;
  /** Undefined: the IdP never deletes users (it deactivates them). */
  deleteUser?(client: ScimClient, id: string): Promise<number>;
  findGroup(client: ScimClient, displayName: string): Promise<string | undefined>;
  createGroup(client: ScimClient, displayName: string, externalId: string): Promise<string | undefined>;
  addMembers(client: ScimClient, groupId: string, members: { id: string; display: string }[]): Promise<number>;
  removeMembers(client: ScimClient, groupId: string, memberIds: string[]): Promise<number[]>;
  renameGroup(client: ScimClient, groupId: string, displayName: string): Promise<number>;
}

export interface FoundUser {
  id: string;
  active: boolean;
}

async function firstUser(client: ScimClient, path: string): Promise<FoundUser | undefined> {
  const answer = await client.send('GET', path);
  const resources = answer.body?.Resources;
  const first = Array.isArray(resources) && resources.length > 0 ? (resources[0] as Record<string, unknown>) : undefined;
  const id = first && idOf(first);
  return id ? { id, active: first!.active !== false && first!.active !== 'False' && first!.active !== 'false' } : undefined;
}

async function firstId(client: ScimClient, path: string): Promise<string | undefined> {
  const answer = await client.send('GET', path);
  const resources = answer.body?.Resources;
  return Array.isArray(resources) && resources.length > 0 ? idOf(resources[0] as Record<string, unknown>) : undefined;
}

const coreUser = (person: FakePerson, active: boolean) => ({
  userName: person.userName,
  name: { givenName: person.givenName, familyName: person.familyName },
  displayName: `${person.givenName} ${person.familyName}`,
  active,
});

const okta: IdpDialect = {
  name: 'okta',
  label: 'Okta',
  userAgent: 'Okta SCIM Client 1.0.0',
  testConnection: async (client) => void (await client.send('GET', '/Users?startIndex=1&count=2')),
  findUser: (client, person) => firstUser(client, `/Users?${filterQuery(`userName eq "${person.userName}"`)}&startIndex=1&count=100`),
  createUser: async (client, person) => {
    const answer = await client.send('POST', '/Users', {
      schemas: [URN.user],
      ...coreUser(person, true),
      emails: [{ primary: true, value: person.email, type: 'work' }],
      title: person.title,
      locale: 'en-US',
      groups: [],
    });
    return idOf(answer.body);
  },
  updateProfile: async (client, id, person, change) =>
    (
      await client.send('PUT', `/Users/${id}`, {
        schemas: [URN.user],
        id,
        ...coreUser(person, true),
        emails: [{ primary: true, value: person.email, type: 'work' }],
        title: change.title,
        addresses: [{ type: 'work', locality: change.city, primary: true }],
        locale: 'en-US',
      })
    ).status,
  setActive: async (client, id, _person, active) =>
    (await client.send('PATCH', `/Users/${id}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { active } }] })).status,
  findGroup: (client, displayName) => firstId(client, `/Groups?${filterQuery(`displayName eq "${displayName}"`)}&startIndex=1&count=100`),
  createGroup: async (client, displayName) => {
    const answer = await client.send('POST', '/Groups', { schemas: [URN.group], displayName, members: [] });
    return idOf(answer.body);
  },
  addMembers: async (client, groupId, members) =>
    (
      await client.send('PATCH', `/Groups/${groupId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'add', path: 'members', value: members.map((m) => ({ value: m.id, display: m.display })) }],
      })
    ).status,
  removeMembers: async (client, groupId, ids) => {
    const statuses: number[] = [];
    for (const id of ids)
      statuses.push(
        (await client.send('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }] }))
          .status,
      );
    return statuses;
  },
  renameGroup: async (client, groupId, displayName) =>
    (await client.send('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { id: groupId, displayName } }] })).status,
};

const entra: IdpDialect = {
  name: 'entra',
  label: 'Microsoft Entra ID',
  userAgent: 'Microsoft.Identity.Provisioning',
  testConnection: async (client) => void (await client.send('GET', `/Users?${filterQuery('userName eq "non-existent-user-c0ffee"')}`)),
  findUser: (client, person) => firstUser(client, `/Users?${filterQuery(`userName eq "${person.userName}"`)}`),
  createUser: async (client, person, managerId) => {
    const answer = await client.send('POST', '/Users', {
      schemas: [URN.user, ENTERPRISE],
      externalId: person.objectId,
      ...coreUser(person, true),
      emails: [{ primary: true, type: 'work', value: person.email }],
      title: person.title,
      phoneNumbers: [{ type: 'work', value: person.phone }],
      addresses: [{ type: 'work', locality: person.city, primary: true }],
      [ENTERPRISE]: { department: person.department, employeeNumber: person.employeeNumber, ...(managerId && { manager: { value: managerId } }) },
    });
    return idOf(answer.body);
  },
  updateProfile: async (client, id, _person, change) =>
    (
      await client.send('PATCH', `/Users/${id}`, {
        schemas: [URN.patchOp],
        Operations: [
          { op: 'Replace', path: 'title', value: change.title },
          { op: 'Replace', path: 'addresses[type eq "work"].locality', value: change.city },
        ],
      })
    ).status,
  setActive: async (client, id, _person, active) =>
    (await client.send('PATCH', `/Users/${id}`, { schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'active', value: active ? 'True' : 'False' }] }))
      .status,
  deleteUser: async (client, id) => (await client.send('DELETE', `/Users/${id}`)).status,
  findGroup: (client, displayName) => firstId(client, `/Groups?${filterQuery(`displayName eq "${displayName}"`)}&excludedAttributes=members`),
  createGroup: async (client, displayName, externalId) => {
    const answer = await client.send('POST', '/Groups', { schemas: [URN.group], externalId, displayName, members: [] });
    return idOf(answer.body);
  },
  addMembers: async (client, groupId, members) =>
    (
      await client.send('PATCH', `/Groups/${groupId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'Add', path: 'members', value: members.map((m) => ({ value: m.id })) }],
      })
    ).status,
  removeMembers: async (client, groupId, ids) => [
    (
      await client.send('PATCH', `/Groups/${groupId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'Remove', path: 'members', value: ids.map((id) => ({ value: id })) }],
      })
    ).status,
  ],
  renameGroup: async (client, groupId, displayName) =>
    (await client.send('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'displayName', value: displayName }] }))
      .status,
};

const onelogin: IdpDialect = {
  name: 'onelogin',
  label: 'OneLogin',
  userAgent: 'OneLogin SCIM',
  testConnection: async (client) => void (await client.send('GET', '/Users?startIndex=1&count=1')),
  findUser: (client, person) => firstUser(client, `/Users?${filterQuery(`userName eq "${person.userName}"`)}`),
  createUser: async (client, person) => {
    const answer = await client.send('POST', '/Users', {
      schemas: [URN.user],
      externalId: String(person.employeeNumber),
      ...coreUser(person, true),
      emails: [{ value: person.email, primary: true }],
      title: person.title,
    });
    return idOf(answer.body);
  },
  updateProfile: async (client, id, person, change) =>
    (
      await client.send('PUT', `/Users/${id}`, {
        schemas: [URN.user],
        externalId: String(person.employeeNumber),
        ...coreUser(person, true),
        emails: [{ value: person.email, primary: true }],
        title: change.title,
      })
    ).status,
  setActive: async (client, id, person, active) =>
    (
      await client.send('PUT', `/Users/${id}`, {
        schemas: [URN.user],
        externalId: String(person.employeeNumber),
        ...coreUser(person, active),
        emails: [{ value: person.email, primary: true }],
        title: person.title,
      })
    ).status,
  deleteUser: async (client, id) => (await client.send('DELETE', `/Users/${id}`)).status,
  findGroup: (client, displayName) => firstId(client, `/Groups?${filterQuery(`displayName eq "${displayName}"`)}`),
  createGroup: async (client, displayName) => {
    const answer = await client.send('POST', '/Groups', { schemas: [URN.group], displayName, members: [] });
    return idOf(answer.body);
  },
  addMembers: async (client, groupId, members) =>
    (
      await client.send('PATCH', `/Groups/${groupId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'add', path: 'members', value: members.map((m) => ({ value: m.id })) }],
      })
    ).status,
  removeMembers: async (client, groupId, ids) => [
    (
      await client.send('PATCH', `/Groups/${groupId}`, {
        schemas: [URN.patchOp],
        Operations: ids.map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` })),
      })
    ).status,
  ],
  renameGroup: async (client, groupId, displayName) =>
    (await client.send('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'displayName', value: displayName }] }))
      .status,
};

export const DIALECTS: Record<IdpName, IdpDialect> = { okta, entra, onelogin };
