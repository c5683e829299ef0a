import type { ScimAnswer } from '../../client/scim-client';
import type { CheckContext, CheckDefinition } from '../check-context';
import { q } from './check-helpers';
import { userFixtures, type Fixture } from './protocol-helpers';

/**
 * attributes= and excludedAttributes= (RFC 7644 §3.4.2.5, §3.9) and the `returned`
 * characteristic (RFC 7643 §2.4): id and schemas always come back, password never does.
 */
const SOURCE = 'RFC 7644 §3.4.2.5, §3.9; RFC 7643 §2.4';

const richUser = (c: CheckContext) => ({
  title: 'Engineer',
  name: { givenName: 'Ada', familyName: 'Projection' },
  emails: [{ type: 'work', value: `ada.${c.state.suffix}@projection.example.org`, primary: true }],
});

async function withUser(c: CheckContext, name: string, extra: Record<string, unknown> = {}): Promise<Fixture | undefined> {
  return (await userFixtures(c, name, { a: { ...richUser(c), ...extra } }))?.users.a;
}

/** Asks for the user with the query and returns the served resource when the answer is a 200. */
async function getWith(c: CheckContext, user: Fixture, query: string): Promise<Record<string, unknown> | undefined> {
  const answer = await c.send('common', 'GET', `/Users/${user.id}?${query}`);
  return c.expectStatus(answer, 200, `GET ?${query}: the status`) ? (answer.body ?? {}) : undefined;
}

function expectCore(c: CheckContext, resource: Record<string, unknown>, user: Fixture, what: string) {
  c.expect(resource.id === user.id, `${what}: id is missing ("returned": "always").`);
  c.expect(Array.isArray(resource.schemas), `${what}: schemas is missing.`);
}

const present = (resource: Record<string, unknown>, keys: string[]) => keys.filter((key) => resource[key] !== undefined);

export const projectionChecks: CheckDefinition[] = [
  {
    id: 'projection.attributes',
    scope: 'common',
    name: 'attributes=userName returns userName, id and schemas, and not the rest',
    source: SOURCE,
    consequence: 'Clients that ask for a few attributes of many users download everything (slow imports, time-outs).',
    run: async (c) => {
      const user = await withUser(c, 'proj-attributes');
      if (!user) return;
      const resource = await getWith(c, user, 'attributes=userName');
      if (!resource) return;
      expectCore(c, resource, user, 'attributes=userName');
      c.expect(resource.userName === user.userName, 'userName is missing although asked for.');
      const extra = present(resource, ['title', 'name', 'emails', 'displayName']);
      c.expect(extra.length === 0, `Attributes not asked for came back: ${extra.join(', ')}.`);
    },
  },
  {
    id: 'projection.excluded-attributes',
    scope: 'common',
    name: 'excludedAttributes=emails,title leaves those out and returns the rest',
    source: SOURCE,
    consequence: "Entra ID's group lookups (excludedAttributes=members) download every member of large groups and time out.",
    run: async (c) => {
      const user = await withUser(c, 'proj-excluded');
      if (!user) return;
      const resource = await getWith(c, user, 'excludedAttributes=emails,title');
      if (!resource) return;
      expectCore(c, resource, user, 'excludedAttributes=emails,title');
      const excluded = present(resource, ['emails', 'title']);
      c.expect(excluded.length === 0, `Excluded attributes came back: ${excluded.join(', ')}.`);
      c.expect(resource.userName === user.userName && resource.name !== undefined, 'Attributes that were not excluded (userName, name) are missing.');
    },
  },
  {
    id: 'projection.always-returned',
    scope: 'common',
    name: 'id and schemas come back whatever attributes= or excludedAttributes= say',
    source: 'RFC 7643 §2.4 (returned "always"), §3.1; RFC 7644 §3.4.2.5',
    consequence: 'The IdP cannot link the answer to the user (no id) and records the request as failed.',
    run: async (c) => {
      const user = await withUser(c, 'proj-always');
      if (!user) return;
      const only = await getWith(c, user, 'attributes=title');
      if (only) expectCore(c, only, user, 'attributes=title');
      // schemas is not an attribute a client can name (RFC 7643 §3), so only id is excluded here.
      const excluded = await getWith(c, user, 'excludedAttributes=id');
      if (excluded) expectCore(c, excluded, user, 'excludedAttributes=id');
    },
  },
  {
    id: 'projection.password-never-returned',
    scope: 'common',
    name: 'password ("returned": "never") is not in any answer, even when asked for',
    source: 'RFC 7643 §2.4, §4.1.1 (password)',
    consequence: 'Passwords Okta and OneLogin push leak into every read, log and export of the app.',
    run: async (c) => {
      const user = await withUser(c, 'proj-password', { password: `Check-${c.state.suffix}-Pw1!` });
      if (!user) return;
      c.expect(user.body.password === undefined, 'The create answer carries the password.');
      const answers: [string, ScimAnswer][] = [
        ['GET', await c.send('common', 'GET', `/Users/${user.id}`)],
        ['GET ?attributes=password', await c.send('common', 'GET', `/Users/${user.id}?attributes=password`)],
        ['a filtered list', await c.send('common', 'GET', `/Users${q(`userName eq "${user.userName}"`)}`)],
      ];
      for (const [what, answer] of answers) {
        if (!c.expectStatus(answer, 200, `${what}: the status`)) continue;
        c.expect(!answer.text.includes(`Check-${c.state.suffix}-Pw1!`) && !/"password"\s*:/.test(answer.text), `${what} carries the password.`);
      }
    },
  },
  {
    id: 'projection.sub-attribute',
    scope: 'common',
    name: 'attributes=name.givenName returns that sub-attribute and not its siblings',
    source: SOURCE,
    consequence: 'Clients reading single sub-attributes get whole complex values, or nothing.',
    run: async (c) => {
      const user = await withUser(c, 'proj-sub');
      if (!user) return;
      const resource = await getWith(c, user, 'attributes=name.givenName');
      if (!resource) return;
      expectCore(c, resource, user, 'attributes=name.givenName');
      const name = resource.name as Record<string, unknown> | undefined;
      c.expect(name?.givenName === 'Ada', `name.givenName is ${JSON.stringify(name?.givenName)}, expected "Ada".`);
      c.expect(name?.familyName === undefined, 'name.familyName came back although only name.givenName was asked for.');
      c.expect(resource.userName === undefined, 'userName came back although not asked for.');
    },
  },
  {
    id: 'projection.list',
    scope: 'common',
    name: 'attributes= applies to each resource of a filtered list',
    source: SOURCE,
    consequence: 'Lookups and imports that ask for a few attributes download whole users.',
    run: async (c) => {
      const user = await withUser(c, 'proj-list');
      if (!user) return;
      const answer = await c.send('common', 'GET', `/Users${q(`userName eq "${user.userName}"`, '&attributes=userName')}`);
      if (!c.expectStatus(answer, 200) || !c.expectListResponse(answer)) return;
      const resource = (answer.body?.Resources as Record<string, unknown>[] | undefined)?.[0];
      if (!c.expect(resource !== undefined, 'The filter found no user.')) return;
      expectCore(c, resource!, user, 'The listed user');
      c.expect(resource!.userName === user.userName, 'userName is missing although asked for.');
      const extra = present(resource!, ['title', 'name', 'emails']);
      c.expect(extra.length === 0, `Attributes not asked for came back: ${extra.join(', ')}.`);
    },
  },
];
