import type { CheckDefinition } from '../check-context';
import { idpUser, patch, readBack } from './idp-fixtures';

/** The PATCH forms Okta sends for users besides deactivation, each on a user of the check's own. */
export const oktaPatchChecks: CheckDefinition[] = [
  {
    id: 'okta.replace-several',
    scope: 'okta',
    name: 'Okta replaces several attributes in one path-less replace',
    source: 'Okta SCIM 2.0 guide (Update a specific user, PATCH); RFC 7644 §3.5.2.3',
    consequence: 'Profile changes pushed by PATCH fail, or only some of them reach the app.',
    run: async (c) => {
      const user = await idpUser(c, 'okta', 'several');
      if (!user) return;
      const answer = await c.send(
        'okta',
        'PATCH',
        `/Users/${user.id}`,
        patch({ op: 'replace', value: { displayName: 'Okta Several', title: 'Director', name: { givenName: 'Okta', familyName: 'Several' } } }),
      );
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await readBack(c, 'okta', 'Users', user.id);
      if (!read) return;
      c.expect(read.displayName === 'Okta Several', `displayName is ${JSON.stringify(read.displayName)}.`);
      c.expect(read.title === 'Director', `title is ${JSON.stringify(read.title)}.`);
      const name = read.name as { givenName?: unknown; familyName?: unknown } | undefined;
      c.expect(name?.givenName === 'Okta' && name?.familyName === 'Several', `name is ${JSON.stringify(name)}.`);
    },
  },
  {
    id: 'okta.password-change',
    scope: 'okta',
    name: 'Okta syncs a password with a path-less replace of password, which never comes back',
    source: 'Okta SCIM 2.0 guide (Update a specific user, password sync); RFC 7643 §4.1.1 (password: writeOnly, returned never)',
    consequence: 'Password sync fails for every user, or the app hands passwords back to anyone who reads a user.',
    run: async (c) => {
      const user = await idpUser(c, 'okta', 'password');
      if (!user) return;
      const answer = await c.send('okta', 'PATCH', `/Users/${user.id}`, patch({ op: 'replace', value: { password: 'Okta-Check-Passw0rd!' } }));
      if (!c.expectStatus(answer, [200, 204])) return;
      // Stops here so the evidence is the answer that gave the password away (redacted in the report).
      if (!c.expect(!answer.text.includes('Okta-Check-Passw0rd!'), 'The answer contains the password.')) return;
      const read = await readBack(c, 'okta', 'Users', user.id);
      if (read) c.expect(read.password === undefined, 'GET returns the password.');
    },
  },
];
