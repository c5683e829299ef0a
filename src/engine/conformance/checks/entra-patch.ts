import type { CheckDefinition } from '../check-context';
import { hasUser } from './check-helpers';
import { ENTERPRISE, idpUser, ofType, patch, readBack } from './idp-fixtures';

const extensionOf = (body: Record<string, unknown>) =>
  (body[ENTERPRISE] ?? {}) as { manager?: { value?: unknown }; department?: unknown; employeeNumber?: unknown };

/** The user PATCH forms of Entra ID's default provisioning job, each on a user of the check's own. */
export const entraPatchChecks: CheckDefinition[] = [
  {
    id: 'entra.add-with-path',
    scope: 'entra',
    name: 'Entra ID sets a new attribute with "Add" and a path',
    source: 'Microsoft: Known issues with SCIM compliance (add a single-value attribute)',
    consequence: 'Attributes newly filled in Entra ID never reach the app.',
    run: async (c) => {
      const user = await idpUser(c, 'entra', 'add');
      if (!user) return;
      const answer = await c.send('entra', 'PATCH', `/Users/${user.id}`, patch({ op: 'Add', path: 'nickName', value: 'Babs' }));
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await readBack(c, 'entra', 'Users', user.id);
      if (read) c.expect(read.nickName === 'Babs', `nickName is ${JSON.stringify(read.nickName)}, expected "Babs".`);
    },
  },
  {
    id: 'entra.replace-value-paths',
    scope: 'entra',
    name: 'Entra ID replaces emails[type eq "work"].value, name.givenName and addresses[type eq "work"].streetAddress',
    source: 'Microsoft: Develop a SCIM endpoint (update user, multi-valued properties)',
    consequence: 'Changed email addresses, names and addresses stay old in the app.',
    run: async (c) => {
      const user = await idpUser(c, 'entra', 'paths');
      if (!user) return;
      const email = `entra-changed.${c.state.suffix}@example.com`;
      const answer = await c.send(
        'entra',
        'PATCH',
        `/Users/${user.id}`,
        patch(
          { op: 'Replace', path: 'emails[type eq "work"].value', value: email },
          { op: 'Replace', path: 'name.givenName', value: 'Changed' },
          { op: 'Replace', path: 'addresses[type eq "work"].streetAddress', value: '1 Main Street' },
        ),
      );
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await readBack(c, 'entra', 'Users', user.id);
      if (!read) return;
      c.expect(ofType(read, 'emails', 'work')?.value === email, `The work email is ${JSON.stringify(ofType(read, 'emails', 'work')?.value)}.`);
      c.expect(
        (read.name as { givenName?: unknown } | undefined)?.givenName === 'Changed',
        `name.givenName is ${JSON.stringify((read.name as { givenName?: unknown } | undefined)?.givenName)}.`,
      );
      const address = ofType(read, 'addresses', 'work');
      c.expect(address?.streetAddress === '1 Main Street', `The work address's streetAddress is ${JSON.stringify(address?.streetAddress)}.`);
      c.expect(address?.locality === 'Lisbon', 'The work address lost its locality: the replace of one sub-attribute replaced the whole address.');
    },
  },
  {
    id: 'entra.enterprise-urn-paths',
    scope: 'entra',
    name: 'Entra ID sets manager and department with the enterprise extension URN in the path',
    source: 'Microsoft: Develop a SCIM endpoint (update user, manager); RFC 7644 §3.5.2',
    consequence: 'Managers and departments set in Entra ID never reach the app.',
    needs: hasUser,
    run: async (c) => {
      const user = await idpUser(c, 'entra', 'urn');
      if (!user) return;
      const answer = await c.send(
        'entra',
        'PATCH',
        `/Users/${user.id}`,
        patch(
          { op: 'Add', path: `${ENTERPRISE}:manager`, value: { value: c.state.userId } },
          { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Finance' },
        ),
      );
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await readBack(c, 'entra', 'Users', user.id);
      if (!read) return;
      const extension = extensionOf(read);
      c.expect(extension.manager?.value === c.state.userId, `manager is ${JSON.stringify(extension.manager)}, expected the check user.`);
      c.expect(extension.department === 'Finance', `department is ${JSON.stringify(extension.department)}.`);
    },
  },
  {
    id: 'entra.unqualified-extension-paths',
    scope: 'entra',
    name: 'Entra ID sends manager and department without the extension URN ("path": "manager")',
    source: 'Microsoft: Known issues with SCIM compliance; Microsoft SCIM reference code',
    consequence: 'Every manager or department change from Entra ID fails with 400 invalidPath.',
    needs: hasUser,
    run: async (c) => {
      const user = await idpUser(c, 'entra', 'bare');
      if (!user) return;
      const answer = await c.send(
        'entra',
        'PATCH',
        `/Users/${user.id}`,
        patch({ op: 'Add', path: 'manager', value: [{ $ref: null, value: c.state.userId }] }, { op: 'Replace', path: 'department', value: 'Sales' }),
      );
      if (!c.expectStatus(answer, [200, 204])) return;
      const read = await readBack(c, 'entra', 'Users', user.id);
      if (!read) return;
      const extension = extensionOf(read);
      c.expect(extension.manager?.value === c.state.userId, `The enterprise manager is ${JSON.stringify(extension.manager)}, expected the check user.`);
      c.expect(extension.department === 'Sales', `The enterprise department is ${JSON.stringify(extension.department)}.`);
    },
  },
];
