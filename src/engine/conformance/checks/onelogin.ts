import { idOf } from '../../client/scim-client';
import type { CheckDefinition } from '../check-context';
import { oneloginUpdateChecks } from './onelogin-updates';
import { hasUser, userBody } from './check-helpers';

/** OneLogin's requests, as its SCIM provisioning guide describes them. */
export const oneloginChecks: CheckDefinition[] = [
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
      const created = await c.send(
        'onelogin',
        'POST',
        '/Users',
        userBody(c, { userName: `onelogin.${c.state.suffix}@example.com`, externalId: `ol-${c.state.suffix}` }),
      );
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
  ...oneloginUpdateChecks,
];
