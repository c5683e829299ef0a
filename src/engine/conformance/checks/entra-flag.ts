import { URN } from '../../scim/urns';
import type { CheckDefinition } from '../check-context';
import { ENTERPRISE, idpUser, memberIdsOf, ofType, patch, readBack } from './idp-fixtures';

/**
 * Entra ID with the `aadOptscim062020` feature flag (appended to the tenant URL): lower-case ops,
 * path-less add/replace whose value keys are paths, real booleans, and member removal with a
 * filter path instead of a value list (Microsoft: Known issues with SCIM compliance, "flags to
 * alter the SCIM behavior").
 */
export const entraFlagChecks: CheckDefinition[] = [
  {
    id: 'entra.flag-add-pathless',
    scope: 'entra',
    name: 'Entra ID (aadOptscim062020) adds an attribute with a path-less "add" of {"nickName": …}',
    source: 'Microsoft: Known issues with SCIM compliance (aadOptscim062020); RFC 7644 §3.5.2.1',
    consequence: 'With the flag on, attributes newly filled in Entra ID never reach the app.',
    run: async (c) => {
      const user = await idpUser(c, 'entra', 'flag-add');
      if (!user) return;
      const answer = await c.send('entra', 'PATCH', `/Users/${user.id}`, patch({ op: 'add', value: { nickName: 'Babs' } }));
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await readBack(c, 'entra', 'Users', user.id);
      if (read) c.expect(read.nickName === 'Babs', `nickName is ${JSON.stringify(read.nickName)}, expected "Babs".`);
    },
  },
  {
    id: 'entra.flag-replace-path-keys',
    scope: 'entra',
    name: 'Entra ID (aadOptscim062020) replaces several attributes with one path-less "replace" whose keys are paths',
    source: 'Microsoft: Known issues with SCIM compliance (aadOptscim062020)',
    consequence: 'With the flag on, every profile change from Entra ID fails with 400, or lands as attributes named "name.givenName".',
    run: async (c) => {
      const user = await idpUser(c, 'entra', 'flag-keys');
      if (!user) return;
      const email = `entra-flag.${c.state.suffix}@example.com`;
      const answer = await c.send(
        'entra',
        'PATCH',
        `/Users/${user.id}`,
        patch({
          op: 'replace',
          value: { displayName: 'Flag User', 'name.givenName': 'Flag', 'emails[type eq "work"].value': email, [`${ENTERPRISE}:employeeNumber`]: '4242' },
        }),
      );
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await readBack(c, 'entra', 'Users', user.id);
      if (!read) return;
      c.expect(read.displayName === 'Flag User', `displayName is ${JSON.stringify(read.displayName)}.`);
      c.expect(
        (read.name as { givenName?: unknown } | undefined)?.givenName === 'Flag',
        `name.givenName is ${JSON.stringify((read.name as { givenName?: unknown } | undefined)?.givenName)}.`,
      );
      c.expect(ofType(read, 'emails', 'work')?.value === email, `The work email is ${JSON.stringify(ofType(read, 'emails', 'work')?.value)}.`);
      c.expect((read[ENTERPRISE] as { employeeNumber?: unknown } | undefined)?.employeeNumber === '4242', 'The enterprise employeeNumber was not replaced.');
      c.expect(!('name.givenName' in read), 'The user has an attribute literally named "name.givenName".');
    },
  },
  {
    id: 'entra.flag-active-boolean',
    scope: 'entra',
    name: 'Entra ID (aadOptscim062020) deactivates with replace path "active" and a real false',
    source: 'Microsoft: Known issues with SCIM compliance (aadOptscim062020)',
    consequence: 'With the flag on, users disabled in Entra ID stay active in the app.',
    run: async (c) => {
      const user = await idpUser(c, 'entra', 'flag-active');
      if (!user) return;
      const answer = await c.send('entra', 'PATCH', `/Users/${user.id}`, patch({ op: 'replace', path: 'active', value: false }));
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await readBack(c, 'entra', 'Users', user.id);
      if (read) c.expect(read.active === false, `active is ${JSON.stringify(read.active)}, expected false.`);
    },
  },
  {
    id: 'entra.flag-remove-member-filter',
    scope: 'entra',
    name: 'Entra ID (aadOptscim062020) removes a member with path members[value eq "…"]',
    source: 'Microsoft: Known issues with SCIM compliance (aadOptscim062020); RFC 7644 §3.5.2.2',
    consequence: 'With the flag on, removed members keep the group in the app.',
    run: async (c) => {
      const leaver = await idpUser(c, 'entra', 'flag-leaver');
      const stayer = leaver && (await idpUser(c, 'entra', 'flag-stayer'));
      if (!leaver || !stayer) return;
      const group = await c.createFixture('entra', 'Groups', {
        schemas: [URN.group],
        displayName: `Flag Group ${c.state.suffix}`,
        members: [{ value: leaver.id }, { value: stayer.id }],
      });
      if (!group) return;
      const answer = await c.send('entra', 'PATCH', `/Groups/${group.id}`, patch({ op: 'remove', path: `members[value eq "${leaver.id}"]` }));
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await readBack(c, 'entra', 'Groups', group.id);
      if (read)
        c.expect(
          JSON.stringify(memberIdsOf(read)) === JSON.stringify([stayer.id]),
          `The members are ${JSON.stringify(memberIdsOf(read))}, expected only the one not removed.`,
        );
    },
  },
];
