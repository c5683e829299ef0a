import { URN } from '../../scim/urns';
import type { CheckDefinition, CheckState } from '../check-context';
import { memberIdsOf } from './idp-fixtures';
import { DEFAULT_LARGE_GROUP_SIZE } from './large-group-size';

export { DEFAULT_LARGE_GROUP_SIZE };

const sizeOf = (state: CheckState) => state.largeGroupSize ?? DEFAULT_LARGE_GROUP_SIZE;

/** Members per PATCH: at least three batches, at most 50 members each (the batch size is ours; IdPs batch too). */
export const batchSizeFor = (size: number) => Math.max(1, Math.min(50, Math.ceil(size / 3)));

const hasLargeGroup = (state: CheckState) => Boolean(state.largeGroup && state.largeGroup.memberIds.length === sizeOf(state));

/**
 * Groups with a few hundred members, as a department or "All employees" has: Okta's group push
 * and Entra ID add the members in several PATCHes, look the group up without its members, and
 * remove people one at a time. The size is `largeGroupSize` (300 unless the run says otherwise).
 */
export const largeGroupsChecks: CheckDefinition[] = [
  {
    id: 'large-groups.add-in-batches',
    scope: 'common',
    name: 'A group gets a few hundred members, added in batches of PATCH add',
    source: 'RFC 7644 §3.5.2.1; Okta SCIM 2.0 guide (group push); Microsoft: Develop a SCIM endpoint (update group, add members)',
    consequence: 'Group push stops part-way: people in the group in the IdP lack its access in the app.',
    run: async (c) => {
      const size = sizeOf(c.state);
      const memberIds: string[] = [];
      for (let index = 0; index < size; index++) {
        const userName = `member-${index}.${c.state.suffix}@example.com`;
        const user = await c.createFixture('common', 'Users', {
          schemas: [URN.user],
          userName,
          name: { givenName: 'Member', familyName: String(index) },
          emails: [{ primary: true, type: 'work', value: userName }],
          active: true,
        });
        if (!user) return;
        memberIds.push(user.id);
      }
      const group = await c.createFixture('common', 'Groups', { schemas: [URN.group], displayName: `Large Group ${c.state.suffix}`, members: [] });
      if (!group) return;
      const batch = batchSizeFor(size);
      for (let start = 0; start < size; start += batch) {
        const members = memberIds.slice(start, start + batch).map((value) => ({ value }));
        const answer = await c.send('common', 'PATCH', `/Groups/${group.id}`, {
          schemas: [URN.patchOp],
          Operations: [{ op: 'add', path: 'members', value: members }],
        });
        if (!c.expectStatus(answer, [200, 204], `the status of adding members ${start + 1}–${start + members.length}`)) return;
      }
      c.state.largeGroup = { id: group.id, memberIds };
    },
  },
  {
    id: 'large-groups.excluded-members',
    scope: 'common',
    name: 'GET of the large group with excludedAttributes=members leaves the members out',
    source: 'RFC 7644 §3.4.2.5; Microsoft: Develop a SCIM endpoint (groups)',
    consequence: 'Entra ID reads groups this way before each membership change: a server that sends hundreds of members anyway slows every sync, or times out.',
    needs: hasLargeGroup,
    run: async (c) => {
      const answer = await c.send('common', 'GET', `/Groups/${c.state.largeGroup!.id}?excludedAttributes=members`);
      if (!c.expectStatus(answer, 200)) return;
      c.expect(answer.body?.members === undefined, `members came back (${memberIdsOf(answer.body).length} of them) although excluded.`);
      c.expect(typeof answer.body?.displayName === 'string', 'displayName is missing: more than members was left out.');
    },
  },
  {
    id: 'large-groups.full-read',
    scope: 'common',
    name: 'GET of the large group lists every member',
    source: 'RFC 7644 §3.4.1; RFC 7643 §4.2',
    consequence: 'Imports and reconciliation see a truncated group and remove the missing people from it in the IdP.',
    needs: hasLargeGroup,
    run: async (c) => {
      const { id, memberIds } = c.state.largeGroup!;
      const answer = await c.send('common', 'GET', `/Groups/${id}`);
      if (!c.expectStatus(answer, 200)) return;
      const listed = new Set(memberIdsOf(answer.body));
      const missing = memberIds.filter((member) => !listed.has(member));
      c.expect(
        listed.size === memberIds.length && missing.length === 0,
        `The group lists ${listed.size} members, expected ${memberIds.length}${missing.length > 0 ? `; ${missing.length} missing` : ''}.`,
      );
    },
  },
  {
    id: 'large-groups.remove-one',
    scope: 'common',
    name: 'Removing one member of the large group keeps all the others',
    source: 'RFC 7644 §3.5.2.2',
    consequence: 'Unassigning one person empties the group, or leaves the person in it: everyone else loses access, or the leaver keeps it.',
    needs: hasLargeGroup,
    run: async (c) => {
      const { id, memberIds } = c.state.largeGroup!;
      const [removed, ...kept] = memberIds;
      const answer = await c.send('common', 'PATCH', `/Groups/${id}`, {
        schemas: [URN.patchOp],
        Operations: [{ op: 'remove', path: `members[value eq "${removed}"]` }],
      });
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await c.send('common', 'GET', `/Groups/${id}`);
      if (!c.expectStatus(read, 200, 'reading the group back gave')) return;
      const listed = new Set(memberIdsOf(read.body));
      c.expect(!listed.has(removed!), 'The removed member is still listed.');
      const lost = kept.filter((member) => !listed.has(member));
      c.expect(lost.length === 0, `${lost.length} of the ${kept.length} other members are gone too.`);
    },
  },
];
