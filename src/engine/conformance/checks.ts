import { randomUUID } from 'node:crypto';
import { URN } from '../scim/urns';
import { filterQuery, idOf } from '../client/scim-client';
import { ERROR_SCHEMA, type CheckContext, type CheckDefinition } from './check-context';

const q = (filter: string, extra = '') => `?${filterQuery(filter, extra)}`;

function userBody(context: CheckContext, overrides: Record<string, unknown> = {}) {
  const { suffix } = context.state;
  return {
    schemas: [URN.user],
    userName: `check.${suffix}@example.com`,
    externalId: `ext-${suffix}`,
    name: { givenName: 'Check', familyName: `User ${suffix}` },
    emails: [{ primary: true, type: 'work', value: `check.${suffix}@example.com` }],
    displayName: `Check User ${suffix}`,
    active: true,
    ...overrides,
  };
}

/**
 * What later checks should use: the value the server answered with when it gave one, so a check
 * fails for its own fault and not for a difference an earlier check already reported.
 */
const serverValue = (answered: unknown, sent: string): string => (typeof answered === 'string' ? answered : sent);

const hasUser = (state: { userId?: string }) => Boolean(state.userId);
const hasGroup = (state: { groupId?: string; userId?: string }) => Boolean(state.groupId && state.userId);

/**
 * The checks, in the order they run: discovery and errors first, then a user and a group are
 * created and used by the IdP-specific checks, and deleted last. Each says where its
 * expectation comes from and what the IdP does with a server that fails it.
 */
export const CHECKS: CheckDefinition[] = [
  {
    id: 'discovery.service-provider-config',
    scope: 'common',
    name: 'GET /ServiceProviderConfig describes the server',
    source: 'RFC 7644 §4, RFC 7643 §5',
    consequence: 'IdPs read PATCH, filter and bulk support from it; Entra ID and OneLogin treat a missing one as a broken endpoint.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/ServiceProviderConfig');
      if (!c.expectStatus(answer, 200)) return;
      c.expectScimJson(answer);
      const schemas = answer.body?.schemas;
      c.expect(Array.isArray(schemas) && schemas.includes('urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'), 'schemas lacks the ServiceProviderConfig URN.');
      c.expect((answer.body?.patch as { supported?: unknown })?.supported === true, 'patch.supported is not true: Okta and Entra ID send PATCH.');
      c.expect((answer.body?.filter as { supported?: unknown })?.supported === true, 'filter.supported is not true: every IdP looks users up with a filter.');
    },
  },
  {
    id: 'discovery.resource-types',
    scope: 'common',
    name: 'GET /ResourceTypes lists User and Group',
    source: 'RFC 7644 §4',
    consequence: 'Entra ID reads the schemas of the resource types to offer attribute mappings.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/ResourceTypes');
      if (!c.expectStatus(answer, 200)) return;
      c.expectScimJson(answer);
      const list = (answer.body?.Resources ?? []) as { name?: string }[];
      for (const name of ['User', 'Group']) c.expect(list.some((type) => type.name === name), `No ${name} resource type.`);
    },
  },
  {
    id: 'discovery.schemas',
    scope: 'common',
    name: 'GET /Schemas includes the User schema',
    source: 'RFC 7644 §4, RFC 7643 §7',
    consequence: 'Schema discovery fails in Entra ID\'s attribute editor.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/Schemas');
      if (!c.expectStatus(answer, 200)) return;
      const list = (answer.body?.Resources ?? []) as { id?: string }[];
      c.expect(list.some((schema) => schema.id === URN.user), `No schema ${URN.user}.`);
    },
  },
  {
    id: 'auth.token-required',
    scope: 'common',
    name: 'A request without the token is refused with 401',
    source: 'RFC 7644 §2, §3.12',
    consequence: 'Anyone who finds the URL can read and change the users; Okta and Entra ID also use 401 to tell a wrong token from a broken server.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/Users', undefined, undefined, { withoutAuth: true });
      c.expectStatus(answer, 401);
    },
  },
  {
    id: 'errors.not-found',
    scope: 'common',
    name: 'An unknown user is a 404 in the SCIM error format',
    source: 'RFC 7644 §3.12',
    consequence: 'IdPs read `detail` to show the admin what went wrong; without the error schema they show a generic failure.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', `/Users/${randomUUID()}`);
      if (!c.expectStatus(answer, 404)) return;
      c.expectScimJson(answer);
      const schemas = answer.body?.schemas;
      c.expect(Array.isArray(schemas) && schemas.includes(ERROR_SCHEMA), `schemas lacks ${ERROR_SCHEMA}.`);
      c.expect(answer.body?.status === '404' || answer.body?.status === 404, 'status is not "404" in the body.');
    },
  },
  {
    id: 'users.create',
    scope: 'common',
    name: 'POST /Users creates a user: 201, with its id',
    source: 'RFC 7644 §3.3',
    consequence: 'Okta and Entra ID mark the assignment failed and retry; a 200 is read as "not created" by strict clients.',
    run: async (c) => {
      const body = userBody(c);
      const answer = await c.send('common', 'POST', '/Users', body);
      const id = idOf(answer.body);
      if (id) {
        c.state.userId = id;
        c.state.userName = serverValue(answer.body?.userName, body.userName);
        c.state.externalId = serverValue(answer.body?.externalId, body.externalId);
        c.state.created.push({ type: 'Users', id });
      }
      c.expectStatus(answer, 201);
      c.expectScimJson(answer);
      c.expect(typeof answer.body?.id === 'string', 'The answer has no id.');
      c.expect(answer.body?.userName === body.userName, 'The answer does not echo the userName sent.');
    },
  },
  {
    id: 'users.uniqueness',
    scope: 'common',
    name: 'A second user with the same userName is a 409 uniqueness error',
    source: 'RFC 7644 §3.3, §3.12 (scimType uniqueness)',
    consequence: 'Okta links the existing account only when it gets 409; a server that creates duplicates ends up with two accounts per person.',
    needs: hasUser,
    run: async (c) => {
      const answer = await c.send('common', 'POST', '/Users', userBody(c, { externalId: `ext-dup-${c.state.suffix}` }));
      const duplicate = idOf(answer.body);
      if (duplicate && answer.status < 300) c.state.created.push({ type: 'Users', id: duplicate });
      if (!c.expectStatus(answer, 409)) return;
      c.expect(answer.body?.scimType === 'uniqueness', `scimType is ${JSON.stringify(answer.body?.scimType)}, expected "uniqueness".`);
    },
  },
  {
    id: 'users.get',
    scope: 'common',
    name: 'GET /Users/{id} returns the user',
    source: 'RFC 7644 §3.4.1',
    consequence: 'Imports and the check after each update fail.',
    needs: hasUser,
    run: async (c) => {
      const answer = await c.send('common', 'GET', `/Users/${c.state.userId}`);
      if (!c.expectStatus(answer, 200)) return;
      c.expectScimJson(answer);
      c.expect(answer.body?.id === c.state.userId, 'The id differs from the one asked for.');
    },
  },
  {
    id: 'users.filter-userName',
    scope: 'common',
    name: 'filter=userName eq "…" finds the user, in a ListResponse',
    source: 'RFC 7644 §3.4.2.2',
    consequence: 'Every IdP looks a user up this way before creating it: without it, they create duplicates or fail.',
    needs: hasUser,
    run: async (c) => {
      const answer = await c.send('common', 'GET', `/Users${q(`userName eq "${c.state.userName}"`)}`);
      if (!c.expectStatus(answer, 200)) return;
      c.expectScimJson(answer);
      if (c.expectListResponse(answer)) c.expect(answer.body?.totalResults === 1, `totalResults is ${answer.body?.totalResults}, expected 1.`);
    },
  },
  {
    id: 'users.filter-no-match',
    scope: 'common',
    name: 'A filter that matches nothing is a 200 with totalResults 0, not a 404',
    source: 'RFC 7644 §3.4.2',
    consequence: 'A 404 here makes Okta\'s and Entra ID\'s lookups fail instead of creating the user.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', `/Users${q(`userName eq "nobody-${c.state.suffix}@example.com"`)}`);
      if (!c.expectStatus(answer, 200)) return;
      if (c.expectListResponse(answer)) c.expect(answer.body?.totalResults === 0, `totalResults is ${answer.body?.totalResults}, expected 0.`);
    },
  },
  {
    id: 'users.pagination',
    scope: 'common',
    name: 'startIndex and count page the list',
    source: 'RFC 7644 §3.4.2.4',
    consequence: 'Imports read every page; a server that ignores count sends everything at once or loops.',
    needs: hasUser,
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/Users?startIndex=1&count=1');
      if (!c.expectStatus(answer, 200) || !c.expectListResponse(answer)) return;
      c.expect((answer.body?.Resources as unknown[] | undefined)?.length === 1, 'count=1 did not give one resource.');
      c.expect(answer.body?.itemsPerPage === 1, `itemsPerPage is ${answer.body?.itemsPerPage}, expected 1.`);
      c.expect(answer.body?.startIndex === 1, `startIndex is ${answer.body?.startIndex}, expected 1.`);
    },
  },
  {
    id: 'groups.create',
    scope: 'common',
    name: 'POST /Groups creates a group: 201, with its id',
    source: 'RFC 7644 §3.3',
    consequence: 'Group push fails in Okta and Entra ID.',
    needs: hasUser,
    run: async (c) => {
      const displayName = `Check Group ${c.state.suffix}`;
      const answer = await c.send('common', 'POST', '/Groups', { schemas: [URN.group], displayName, members: [] });
      const id = idOf(answer.body);
      if (id) {
        c.state.groupId = id;
        c.state.groupName = serverValue(answer.body?.displayName, displayName);
        c.state.created.push({ type: 'Groups', id });
      }
      c.expectStatus(answer, 201);
      c.expectScimJson(answer);
    },
  },

  // Okta
  {
    id: 'okta.test-connection',
    scope: 'okta',
    name: "Okta's test connection: GET /Users?startIndex=1&count=2",
    source: 'Okta SCIM 2.0 guide (Test API credentials)',
    consequence: 'Okta refuses to save the integration ("Error authenticating").',
    run: async (c) => {
      const answer = await c.send('okta', 'GET', '/Users?startIndex=1&count=2');
      if (!c.expectStatus(answer, 200)) return;
      c.expectScimJson(answer);
      c.expectListResponse(answer);
    },
  },
  {
    id: 'okta.put-update',
    scope: 'okta',
    name: 'Okta updates a profile with PUT of the whole user',
    source: 'Okta SCIM 2.0 guide (Update a specific user, PUT)',
    consequence: 'Profile updates fail; Okta shows the user in error and retries.',
    needs: hasUser,
    run: async (c) => {
      const answer = await c.send('okta', 'PUT', `/Users/${c.state.userId}`, { ...userBody(c), id: c.state.userId, title: 'Checked' });
      if (!c.expectStatus(answer, 200)) return;
      c.expect(answer.body?.title === 'Checked', 'The answer does not show the new title.');
    },
  },
  {
    id: 'okta.deactivate',
    scope: 'okta',
    name: 'Okta deactivates with PATCH replace {"active": false} and reads the user back',
    source: 'Okta SCIM 2.0 guide (Update a specific user, PATCH)',
    consequence: 'The user stays active in the app after being unassigned in Okta.',
    needs: hasUser,
    run: async (c) => {
      const answer = await c.send('okta', 'PATCH', `/Users/${c.state.userId}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { active: false } }] });
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = answer.status === 200 ? answer : await c.send('okta', 'GET', `/Users/${c.state.userId}`);
      c.expect(read.body?.active === false, 'The user is still active.');
      await c.send('okta', 'PATCH', `/Users/${c.state.userId}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { active: true } }] });
    },
  },
  {
    id: 'okta.group-add-members',
    scope: 'okta',
    name: 'Okta pushes members with PATCH add path "members"',
    source: 'Okta SCIM 2.0 guide (Update a specific group)',
    consequence: 'Group push shows the group in Okta but no members in the app.',
    needs: hasGroup,
    run: async (c) => {
      const answer = await c.send('okta', 'PATCH', `/Groups/${c.state.groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'members', value: [{ value: c.state.userId, display: c.state.userName }] }] });
      if (c.expectStatus(answer, [200, 204])) c.state.memberInGroup = true;
    },
  },
  {
    id: 'okta.group-rename-id-echo',
    scope: 'okta',
    name: 'Okta renames a group with a path-less replace that echoes the id',
    source: 'Okta SCIM 2.0 guide (Update a specific group name)',
    consequence: 'Group renames fail in Okta\'s push log.',
    needs: hasGroup,
    run: async (c) => {
      const renamed = `${c.state.groupName} (renamed)`;
      const answer = await c.send('okta', 'PATCH', `/Groups/${c.state.groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { id: c.state.groupId, displayName: renamed } }] });
      // Later checks look the group up by name: remember the new one only once the server took it.
      if (!c.expectStatus(answer, [200, 204])) return;
      c.state.groupName = answer.status === 200 ? serverValue(answer.body?.displayName, renamed) : renamed;
    },
  },
  {
    id: 'okta.group-remove-member',
    scope: 'okta',
    name: 'Okta removes a member with path members[value eq "…"]',
    source: 'Okta SCIM 2.0 guide; RFC 7644 §3.5.2.2',
    consequence: 'Unassigned people keep the group (and its access) in the app.',
    // Removing a member that was never added is a 400 noTarget (RFC 7644 §3.5.2.2), not this check's fault.
    needs: (state) => hasGroup(state) && state.memberInGroup === true,
    run: async (c) => {
      const answer = await c.send('okta', 'PATCH', `/Groups/${c.state.groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'remove', path: `members[value eq "${c.state.userId}"]` }] });
      if (c.expectStatus(answer, [200, 204])) c.state.memberInGroup = false;
    },
  },

  // Entra ID
  {
    id: 'entra.test-connection',
    scope: 'entra',
    name: "Entra ID's test connection: a filter on a user that does not exist",
    source: 'Microsoft: Develop a SCIM endpoint (test connection)',
    consequence: 'Entra ID refuses the credentials ("Test connection failed").',
    run: async (c) => {
      const answer = await c.send('entra', 'GET', `/Users${q(`userName eq "non-existent-${c.state.suffix}"`)}`);
      if (!c.expectStatus(answer, 200)) return;
      if (c.expectListResponse(answer)) c.expect(answer.body?.totalResults === 0, 'A filter for a user that cannot exist found something.');
    },
  },
  {
    id: 'entra.filter-externalId',
    scope: 'entra',
    name: 'Entra ID matches users by externalId eq "…"',
    source: 'Microsoft: Develop a SCIM endpoint (matching attributes)',
    consequence: 'Entra ID creates a second account for people it cannot match.',
    needs: hasUser,
    run: async (c) => {
      const answer = await c.send('entra', 'GET', `/Users${q(`externalId eq "${c.state.externalId}"`)}`);
      if (!c.expectStatus(answer, 200) || !c.expectListResponse(answer)) return;
      c.expect(answer.body?.totalResults === 1, `totalResults is ${answer.body?.totalResults}, expected 1.`);
    },
  },
  {
    id: 'entra.capitalised-ops',
    scope: 'entra',
    name: 'Entra ID sends capitalised PATCH ops ("Replace") with paths',
    source: 'Microsoft: Known issues with SCIM compliance',
    consequence: 'Every update from Entra ID fails with 400.',
    needs: hasUser,
    run: async (c) => {
      const answer = await c.send('entra', 'PATCH', `/Users/${c.state.userId}`, { schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'displayName', value: 'Entra Renamed' }] });
      c.expectStatus(answer, [200, 204]);
    },
  },
  {
    id: 'entra.active-string',
    scope: 'entra',
    name: 'Entra ID deactivates with "active": "False" (a string)',
    source: 'Microsoft: Known issues with SCIM compliance',
    consequence: 'Users disabled in Entra ID stay active in the app.',
    needs: hasUser,
    run: async (c) => {
      const answer = await c.send('entra', 'PATCH', `/Users/${c.state.userId}`, { schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await c.send('entra', 'GET', `/Users/${c.state.userId}`);
      c.expect(read.body?.active === false, 'The user is still active.');
      await c.send('entra', 'PATCH', `/Users/${c.state.userId}`, { schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
    },
  },
  {
    id: 'entra.group-filter-excluded-members',
    scope: 'entra',
    name: 'Entra ID looks groups up with excludedAttributes=members',
    source: 'Microsoft: Develop a SCIM endpoint (groups)',
    consequence: 'Group lookups time out on large groups, or fail.',
    needs: hasGroup,
    run: async (c) => {
      const answer = await c.send('entra', 'GET', `/Groups${q(`displayName eq "${c.state.groupName}"`, '&excludedAttributes=members')}`);
      if (!c.expectStatus(answer, 200) || !c.expectListResponse(answer)) return;
      const first = (answer.body?.Resources as Record<string, unknown>[] | undefined)?.[0];
      c.expect(answer.body?.totalResults === 1, `totalResults is ${answer.body?.totalResults}, expected 1.`);
      c.expect(first !== undefined && !('members' in first), 'members came back although excluded.');
    },
  },
  {
    id: 'entra.member-remove-value-list',
    scope: 'entra',
    name: 'Entra ID removes members as a value list under path "members"',
    source: 'Microsoft: Develop a SCIM endpoint (update group, remove members)',
    consequence: 'Removed members keep the group in the app.',
    needs: hasGroup,
    run: async (c) => {
      // The member to remove is added here, so the removal is judged on its own and not on what an earlier check left.
      const added = await c.send('entra', 'PATCH', `/Groups/${c.state.groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'Add', path: 'members', value: [{ value: c.state.userId }] }] });
      if (!c.expectStatus(added, [200, 204], 'the status of adding the member to remove')) return;
      const answer = await c.send('entra', 'PATCH', `/Groups/${c.state.groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'Remove', path: 'members', value: [{ value: c.state.userId }] }] });
      c.expectStatus(answer, [200, 204]);
    },
  },

  // OneLogin
  {
    id: 'onelogin.put-deactivate',
    scope: 'onelogin',
    name: 'OneLogin deactivates with PUT of the user with "active": false',
    source: 'OneLogin SCIM provisioning guide',
    consequence: 'Users suspended in OneLogin stay active in the app.',
    needs: hasUser,
    run: async (c) => {
      const answer = await c.send('onelogin', 'PUT', `/Users/${c.state.userId}`, { ...userBody(c), active: false });
      if (!c.expectStatus(answer, 200)) return;
      c.expect(answer.body?.active === false, 'The user is still active.');
      await c.send('onelogin', 'PUT', `/Users/${c.state.userId}`, userBody(c));
    },
  },
  {
    id: 'onelogin.delete-user',
    scope: 'onelogin',
    name: 'OneLogin deletes an unassigned user: 204, then 404',
    source: 'RFC 7644 §3.6; OneLogin SCIM provisioning guide',
    consequence: 'Deprovisioned users remain in the app.',
    run: async (c) => {
      const created = await c.send('onelogin', 'POST', '/Users', userBody(c, { userName: `onelogin.${c.state.suffix}@example.com`, externalId: `ol-${c.state.suffix}` }));
      const id = idOf(created.body);
      // Tracked for the clean-up whatever the status; forgotten once it is really deleted.
      if (id) c.state.created.push({ type: 'Users', id });
      if (!c.expectStatus(created, 201, 'creating the user to delete gave') || !id) return;
      const answer = await c.send('onelogin', 'DELETE', `/Users/${id}`);
      if (!c.expectStatus(answer, 204)) return;
      c.state.created = c.state.created.filter((item) => item.id !== id);
      const gone = await c.send('onelogin', 'GET', `/Users/${id}`);
      c.expectStatus(gone, 404, 'reading it back gave');
    },
  },
];
