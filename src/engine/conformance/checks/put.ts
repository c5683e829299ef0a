import { randomUUID } from 'node:crypto';
import { URN } from '../../scim/urns';
import type { CheckContext, CheckDefinition } from '../check-context';
import { q } from './check-helpers';

/** A user of this check's own, with the attributes a PUT without them must clear. */
function putUser(c: CheckContext, tag: string, extra: Record<string, unknown> = {}) {
  const userName = `put-${tag}.${c.state.suffix}@example.com`;
  return {
    schemas: [URN.user],
    userName,
    name: { givenName: 'Put', familyName: tag },
    emails: [{ primary: true, type: 'work', value: userName }],
    active: true,
    ...extra,
  };
}

/**
 * PUT replaces the whole resource (RFC 7644 §3.5.1). Okta updates profiles this way and OneLogin
 * updates and (de)activates this way; Entra ID never sends PUT, so these count for Okta and OneLogin.
 */
export const putChecks: CheckDefinition[] = [
  {
    id: 'put.clears-omitted',
    scope: 'common',
    idps: ['okta', 'onelogin'],
    name: 'PUT clears the attributes it leaves out',
    source: 'RFC 7644 §3.5.1',
    consequence:
      'A title or phone number removed in the IdP stays in the app for ever: the IdP sends the user without it, and a server that merges keeps the old value.',
    run: async (c) => {
      const user = await c.createFixture(
        'common',
        'Users',
        putUser(c, 'clear', { title: 'Engineer', nickName: 'Putty', phoneNumbers: [{ type: 'work', value: '+1 555 0100' }] }),
      );
      if (!user) return;
      const answer = await c.send('common', 'PUT', `/Users/${user.id}`, putUser(c, 'clear'));
      if (!c.expectStatus(answer, 200)) return;
      const read = await c.send('common', 'GET', `/Users/${user.id}`);
      if (!c.expectStatus(read, 200, 'reading it back gave')) return;
      for (const name of ['title', 'nickName', 'phoneNumbers'])
        c.expect(read.body?.[name] === undefined, `${name} is still ${JSON.stringify(read.body?.[name])} after a PUT without it.`);
    },
  },
  {
    id: 'put.readonly-ignored',
    scope: 'common',
    idps: ['okta', 'onelogin'],
    name: 'PUT ignores the read-only id and meta it carries',
    source: 'RFC 7644 §3.5.1 (readOnly values SHALL be ignored); RFC 7643 §3.1',
    consequence:
      "Okta sends the user's id and whatever meta it read back with every PUT: a server that refuses them fails every profile update, one that takes them corrupts the user.",
    run: async (c) => {
      const user = await c.createFixture('common', 'Users', putUser(c, 'readonly'));
      if (!user) return;
      const created = (user.body.meta as { created?: unknown } | undefined)?.created;
      const answer = await c.send('common', 'PUT', `/Users/${user.id}`, {
        ...putUser(c, 'readonly', { title: 'Put' }),
        id: user.id,
        meta: {
          resourceType: 'User',
          created: '2001-01-01T00:00:00Z',
          lastModified: '2001-01-01T00:00:00Z',
          location: 'https://elsewhere.example.com/Users/x',
        },
      });
      if (!c.expectStatus(answer, 200)) return;
      c.expect(answer.body?.id === user.id, `The answer's id is ${JSON.stringify(answer.body?.id)}, expected ${user.id}.`);
      c.expect(answer.body?.title === 'Put', 'The answer does not show the new title.');
      const meta = answer.body?.meta as { created?: unknown; location?: unknown } | undefined;
      c.expect(
        meta?.created !== '2001-01-01T00:00:00Z' && (created === undefined || meta?.created === created),
        `meta.created became ${JSON.stringify(meta?.created)}: the client's value was taken.`,
      );
      c.expect(typeof meta?.location !== 'string' || !meta.location.startsWith('https://elsewhere.example.com'), 'meta.location is the one the client sent.');
    },
  },
  {
    id: 'put.username-change',
    scope: 'common',
    idps: ['okta', 'onelogin'],
    name: 'PUT changes the userName, and the user is found by the new one',
    source: 'RFC 7644 §3.5.1; Okta SCIM 2.0 guide (Update a specific user, PUT)',
    consequence: 'A renamed person (a new email address) is looked up by the new userName, not found, and created a second time.',
    run: async (c) => {
      const user = await c.createFixture('common', 'Users', putUser(c, 'rename'));
      if (!user) return;
      const renamed = putUser(c, 'renamed');
      const answer = await c.send('common', 'PUT', `/Users/${user.id}`, renamed);
      if (!c.expectStatus(answer, 200)) return;
      c.expect(answer.body?.userName === renamed.userName, `The answer's userName is ${JSON.stringify(answer.body?.userName)}, expected ${renamed.userName}.`);
      const found = await c.send('common', 'GET', `/Users${q(`userName eq "${renamed.userName}"`)}`);
      if (!c.expectStatus(found, 200, 'looking the new userName up gave') || !c.expectListResponse(found)) return;
      const first = (found.body?.Resources as { id?: unknown }[] | undefined)?.[0];
      c.expect(
        found.body?.totalResults === 1 && first?.id === user.id,
        `Looking up the new userName found ${found.body?.totalResults} users, expected this one.`,
      );
    },
  },
  {
    id: 'put.unknown-id',
    scope: 'common',
    idps: ['okta', 'onelogin'],
    name: 'PUT of a user that does not exist is a 404',
    source: 'RFC 7644 §3.5.1, §3.12',
    consequence:
      'A user deleted in the app is "updated" without error, so the IdP never re-creates it; a server that creates it on PUT gives it an id the IdP does not know.',
    run: async (c) => {
      const answer = await c.send('common', 'PUT', `/Users/${randomUUID()}`, putUser(c, 'ghost'));
      const id = typeof answer.body?.id === 'string' ? answer.body.id : undefined;
      if (id && answer.status < 300) c.state.created.push({ type: 'Users', id });
      c.expectStatus(answer, 404);
    },
  },
];
