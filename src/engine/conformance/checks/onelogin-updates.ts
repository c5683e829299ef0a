import { URN } from '../../scim/urns';
import type { CheckDefinition } from '../check-context';
import { idpUser, memberIdsOf, patch, readBack } from './idp-fixtures';

/**
 * OneLogin's updates: PUT of the whole user for profile changes, and PATCH for group membership
 * (an `add` of a member list; removals as one PATCH of `remove` operations with a
 * `members[value eq "…"]` path each, as the simulator's OneLogin sends them).
 */
export const oneloginUpdateChecks: CheckDefinition[] = [
  {
    id: 'onelogin.put-update',
    scope: 'onelogin',
    name: 'OneLogin updates a profile with PUT of the whole user',
    source: 'OneLogin SCIM provisioning guide; RFC 7644 §3.5.1',
    consequence: 'Profile changes in OneLogin fail to provision; the user shows a provisioning error.',
    run: async (c) => {
      const user = await idpUser(c, 'onelogin', 'put');
      if (!user) return;
      const { id: _id, meta: _meta, ...body } = user.body;
      const answer = await c.send('onelogin', 'PUT', `/Users/${user.id}`, {
        ...body,
        schemas: [URN.user],
        title: 'Manager',
        name: { givenName: 'One', familyName: 'Login' },
      });
      if (!c.expectStatus(answer, 200)) return;
      c.expect(answer.body?.title === 'Manager', `The answer's title is ${JSON.stringify(answer.body?.title)}.`);
      c.expect((answer.body?.name as { givenName?: unknown } | undefined)?.givenName === 'One', 'The answer does not show the new name.');
    },
  },
  {
    id: 'onelogin.group-membership',
    scope: 'onelogin',
    name: 'OneLogin adds members with PATCH add and removes several in one PATCH of remove operations',
    source: 'OneLogin SCIM provisioning guide (groups); RFC 7644 §3.5.2.1, §3.5.2.2',
    consequence: 'Role-based group membership from OneLogin never reaches the app, or removed people keep their access.',
    run: async (c) => {
      const users = [];
      for (const tag of ['member-a', 'member-b', 'member-c']) {
        const user = await idpUser(c, 'onelogin', tag);
        if (!user) return;
        users.push(user.id);
      }
      const group = await c.createFixture('onelogin', 'Groups', { schemas: [URN.group], displayName: `OneLogin Group ${c.state.suffix}`, members: [] });
      if (!group) return;
      const added = await c.send('onelogin', 'PATCH', `/Groups/${group.id}`, patch({ op: 'add', path: 'members', value: users.map((value) => ({ value })) }));
      if (!c.expectStatus(added, [200, 204], 'the status of adding the members')) return;
      const answer = await c.send(
        'onelogin',
        'PATCH',
        `/Groups/${group.id}`,
        patch(...users.slice(0, 2).map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` }))),
      );
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await readBack(c, 'onelogin', 'Groups', group.id);
      if (read)
        c.expect(
          JSON.stringify(memberIdsOf(read)) === JSON.stringify([users[2]]),
          `The members are ${JSON.stringify(memberIdsOf(read))}, expected only the one not removed.`,
        );
    },
  },
];
