import type { CheckDefinition } from '../check-context';

/** Authentication: the server refuses requests without valid credentials. */
export const authChecks: CheckDefinition[] = [
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
];
