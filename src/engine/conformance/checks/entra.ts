import { URN } from '../../scim/urns';
import type { CheckDefinition } from '../check-context';
import { entraPatchChecks } from './entra-patch';
import { entraFlagChecks } from './entra-flag';
import { hasGroup, hasUser, q } from './check-helpers';

/** Entra ID's requests and habits, as Microsoft documents them. */
export const entraChecks: CheckDefinition[] = [
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
      const answer = await c.send('entra', 'PATCH', `/Users/${c.state.userId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'Replace', path: 'displayName', value: 'Entra Renamed' }],
      });
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
      const answer = await c.send('entra', 'PATCH', `/Users/${c.state.userId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
      });
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
      const added = await c.send('entra', 'PATCH', `/Groups/${c.state.groupId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'Add', path: 'members', value: [{ value: c.state.userId }] }],
      });
      if (!c.expectStatus(added, [200, 204], 'the status of adding the member to remove')) return;
      const answer = await c.send('entra', 'PATCH', `/Groups/${c.state.groupId}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'Remove', path: 'members', value: [{ value: c.state.userId }] }],
      });
      c.expectStatus(answer, [200, 204]);
    },
  },
  ...entraPatchChecks,
  ...entraFlagChecks,
];
