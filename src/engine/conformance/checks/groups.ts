import { URN } from '../../scim/urns';
import { idOf } from '../../client/scim-client';
import type { CheckDefinition } from '../check-context';
import { hasUser, serverValue } from './check-helpers';

/** Groups: `groups.create` makes the shared check group the IdP checks use. */
export const groupsChecks: CheckDefinition[] = [
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
];
