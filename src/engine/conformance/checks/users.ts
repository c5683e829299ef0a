import { idOf } from '../../client/scim-client';
import type { CheckDefinition } from '../check-context';
import { hasUser, q, serverValue, userBody } from './check-helpers';

/** Users: create, read, look up and page, as every IdP does. `users.create` makes the shared check user. */
export const usersChecks: CheckDefinition[] = [
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
    consequence: "A 404 here makes Okta's and Entra ID's lookups fail instead of creating the user.",
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
];
