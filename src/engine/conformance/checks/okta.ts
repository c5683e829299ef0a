import { URN } from '../../scim/urns';
import type { CheckDefinition } from '../check-context';
import { oktaPatchChecks } from './okta-patch';
import { hasGroup, hasUser, serverValue, userBody } from './check-helpers';

/** Okta's requests, as its SCIM 2.0 guide describes them. */
export const oktaChecks: CheckDefinition[] = [
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
      const answer = await c.send('okta', 'PATCH', `/Users/${c.state.userId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'replace', value: { active: false } }],
      });
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
      const answer = await c.send('okta', 'PATCH', `/Groups/${c.state.groupId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'add', path: 'members', value: [{ value: c.state.userId, display: c.state.userName }] }],
      });
      if (c.expectStatus(answer, [200, 204])) c.state.memberInGroup = true;
    },
  },
  {
    id: 'okta.group-rename-id-echo',
    scope: 'okta',
    name: 'Okta renames a group with a path-less replace that echoes the id',
    source: 'Okta SCIM 2.0 guide (Update a specific group name)',
    consequence: "Group renames fail in Okta's push log.",
    needs: hasGroup,
    run: async (c) => {
      const renamed = `${c.state.groupName} (renamed)`;
      const answer = await c.send('okta', 'PATCH', `/Groups/${c.state.groupId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'replace', value: { id: c.state.groupId, displayName: renamed } }],
      });
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
      const answer = await c.send('okta', 'PATCH', `/Groups/${c.state.groupId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'remove', path: `members[value eq "${c.state.userId}"]` }],
      });
      if (c.expectStatus(answer, [200, 204])) c.state.memberInGroup = false;
    },
  },
  ...oktaPatchChecks,
];
