import type { CheckContext, CheckDefinition } from '../check-context';
import { q } from './check-helpers';
import { expectFilterFinds, expectScimError, userFixtures, type Fixture } from './protocol-helpers';

/**
 * Filters (RFC 7644 §3.4.2.2): every operator, and/or/not and grouping, and each attribute
 * type IdPs filter on. Each check makes its own users; filters whose answer would be large on a
 * real server (ne, not, pr, gt…) are narrowed to them with `displayName eq "<scope>" and …`.
 */
const SOURCE = 'RFC 7644 §3.4.2.2';

/** A filter check over users of its own (`specs`: label → what that user carries besides userName and displayName). */
function filterCheck(
  name: string,
  title: string,
  consequence: string,
  specs: Record<string, Record<string, unknown>>,
  body: (c: CheckContext, scope: string, users: Record<string, Fixture>) => Promise<unknown>,
): CheckDefinition {
  return {
    id: `filter.${name}`,
    scope: 'common',
    name: title,
    source: SOURCE,
    consequence,
    run: async (c) => {
      const made = await userFixtures(c, name, specs);
      if (made) await body(c, made.scope, made.users);
    },
  };
}

const TWO = { a: {}, b: {} };

export const filterChecks: CheckDefinition[] = [
  filterCheck(
    'eq',
    'eq matches the whole value, and only it',
    'Every IdP looks a person up with eq before creating them: a loose eq links the wrong account.',
    TWO,
    async (c, _scope, users) => {
      await expectFilterFinds(c, `userName eq "${users.a!.userName}"`, users, ['a']);
      // A prefix of the value is not equal to it.
      await expectFilterFinds(c, `userName eq "a@eq-${c.state.suffix}"`, users, []);
    },
  ),
  filterCheck(
    'ne',
    'ne matches every value but the one given',
    'Filters an IdP or an admin builds with ne return the wrong people.',
    TWO,
    async (c, scope, users) => {
      await expectFilterFinds(c, `displayName eq "${scope}" and userName ne "${users.a!.userName}"`, users, ['b']);
    },
  ),
  filterCheck('co', 'co matches a value containing the text', 'Searches by part of a name or an email find nothing.', TWO, async (c, _scope, users) => {
    // In the middle of both userNames: neither starts nor ends with it.
    await expectFilterFinds(c, `userName co "@co-${c.state.suffix}.example"`, users, ['a', 'b']);
  }),
  filterCheck(
    'sw',
    'sw matches a value starting with the text, not one containing it',
    "Prefix searches (OneLogin's and admins') find the wrong people.",
    TWO,
    async (c, _scope, users) => {
      await expectFilterFinds(c, `userName sw "a@sw-${c.state.suffix}"`, users, ['a']);
      await expectFilterFinds(c, `userName sw "sw-${c.state.suffix}.example"`, users, []);
    },
  ),
  filterCheck(
    'ew',
    'ew matches a value ending with the text, not one containing it',
    'Searches by email domain find the wrong people.',
    TWO,
    async (c, _scope, users) => {
      await expectFilterFinds(c, `userName ew "@ew-${c.state.suffix}.example.com"`, users, ['a', 'b']);
      await expectFilterFinds(c, `userName ew "a@ew-${c.state.suffix}"`, users, []);
    },
  ),
  filterCheck(
    'pr',
    'pr matches a user that has the attribute, not one without it',
    'Lookups for people with a value set (e.g. an employee number) return everyone or no one.',
    { a: { title: 'Engineer' }, b: {} },
    async (c, scope, users) => {
      await expectFilterFinds(c, `displayName eq "${scope}" and title pr`, users, ['a']);
    },
  ),
  filterCheck(
    'gt',
    'gt matches greater values, not the equal one',
    'Incremental imports and range queries miss or repeat people.',
    TWO,
    async (c, scope, users) => {
      await expectFilterFinds(c, `displayName eq "${scope}" and userName gt "${users.a!.userName}"`, users, ['b']);
    },
  ),
  filterCheck('ge', 'ge matches greater and equal values', 'Incremental imports and range queries miss or repeat people.', TWO, async (c, scope, users) => {
    await expectFilterFinds(c, `displayName eq "${scope}" and userName ge "${users.b!.userName}"`, users, ['b']);
  }),
  filterCheck(
    'lt',
    'lt matches smaller values, not the equal one',
    'Incremental imports and range queries miss or repeat people.',
    TWO,
    async (c, scope, users) => {
      await expectFilterFinds(c, `displayName eq "${scope}" and userName lt "${users.b!.userName}"`, users, ['a']);
    },
  ),
  filterCheck('le', 'le matches smaller and equal values', 'Incremental imports and range queries miss or repeat people.', TWO, async (c, scope, users) => {
    await expectFilterFinds(c, `displayName eq "${scope}" and userName le "${users.a!.userName}"`, users, ['a']);
  }),
  filterCheck(
    'and',
    'and matches only when both sides match',
    'Entra ID and OneLogin combine conditions with and; a server that ignores one side links the wrong account.',
    { a: { title: 'Engineer' }, b: { title: 'Manager' } },
    async (c, _scope, users) => {
      await expectFilterFinds(c, `userName eq "${users.a!.userName}" and title eq "Engineer"`, users, ['a']);
      await expectFilterFinds(c, `userName eq "${users.b!.userName}" and title eq "Engineer"`, users, []);
    },
  ),
  filterCheck('or', 'or matches when either side matches', 'Lookups of several people at once miss some of them.', TWO, async (c, _scope, users) => {
    await expectFilterFinds(c, `userName eq "${users.a!.userName}" or userName eq "${users.b!.userName}"`, users, ['a', 'b']);
  }),
  filterCheck(
    'not',
    'not (…) matches what the inner filter does not',
    'Exclusion filters return the very people they exclude.',
    TWO,
    async (c, scope, users) => {
      await expectFilterFinds(c, `displayName eq "${scope}" and not (userName eq "${users.a!.userName}")`, users, ['b']);
    },
  ),
  filterCheck(
    'precedence',
    'and binds tighter than or, and parentheses group',
    'Combined lookups return people who match only half of the condition.',
    { a: { title: 'Manager' }, b: { title: 'Manager' } },
    async (c, _scope, users) => {
      const [a, b] = [users.a!.userName, users.b!.userName];
      // a or (b and title eq Engineer): a alone. Read left to right it would be none.
      await expectFilterFinds(c, `userName eq "${a}" or userName eq "${b}" and title eq "Engineer"`, users, ['a']);
      await expectFilterFinds(c, `(userName eq "${a}" or userName eq "${b}") and title eq "Manager"`, users, ['a', 'b']);
    },
  ),
  filterCheck(
    'case-insensitive',
    'userName (caseExact false) matches whatever the case',
    'Okta and Entra ID send the userName as the directory has it; a case-sensitive server answers "not found" and the IdP creates a duplicate (409) or fails.',
    { a: {} },
    async (c, _scope, users) => {
      await expectFilterFinds(c, `userName eq "${users.a!.userName.toUpperCase()}"`, users, ['a']);
      await expectFilterFinds(c, `userName sw "A@CASE-INSENSITIVE-${c.state.suffix.toUpperCase()}"`, users, ['a']);
    },
  ),
  filterCheck(
    'boolean',
    'A boolean compares with true and false: active eq true',
    'Imports of active or deactivated users (active eq true / false) return the wrong people.',
    { a: { active: true }, b: { active: false } },
    async (c, scope, users) => {
      await expectFilterFinds(c, `displayName eq "${scope}" and active eq true`, users, ['a']);
      await expectFilterFinds(c, `displayName eq "${scope}" and active eq false`, users, ['b']);
    },
  ),
  filterCheck(
    'datetime',
    'meta.lastModified compares as a date and time, whatever the offset',
    'Incremental syncs ("changed since") miss changes or fetch everything.',
    { a: {} },
    async (c, scope, users) => {
      const lastModified = (users.a!.body.meta as { lastModified?: unknown } | undefined)?.lastModified;
      const at = typeof lastModified === 'string' ? Date.parse(lastModified) : NaN;
      if (!c.expect(!Number.isNaN(at), `meta.lastModified of the created user is ${JSON.stringify(lastModified)}, not a dateTime (RFC 7643 §3.1).`)) return;
      // A minute earlier written in +05:00 reads later as text; a minute later in -05:00 reads earlier.
      // Only a comparison of instants gets both right.
      await expectFilterFinds(c, `displayName eq "${scope}" and meta.lastModified gt "${withOffset(at - 60_000, 5)}"`, users, ['a']);
      await expectFilterFinds(c, `displayName eq "${scope}" and meta.lastModified gt "${withOffset(at + 60_000, -5)}"`, users, []);
    },
  ),
  filterCheck(
    'value-path',
    'A complex multi-valued filter: emails[type eq "work" and value co "…"]',
    'Entra ID and OneLogin find people by their work email this way; without it they create duplicates.',
    {
      a: {
        emails: [
          { type: 'work', value: 'a.work@value-path.example.org' },
          { type: 'home', value: 'a.home@elsewhere.example.org' },
        ],
      },
      b: {
        emails: [
          { type: 'home', value: 'b.home@value-path.example.org' },
          { type: 'work', value: 'b.work@elsewhere.example.org' },
        ],
      },
    },
    async (c, scope, users) => {
      // Both have a work email and an email at value-path: only a has both in the same value.
      await expectFilterFinds(c, `displayName eq "${scope}" and emails[type eq "work" and value co "@value-path."]`, users, ['a']);
    },
  ),
  filterCheck(
    'sub-attribute',
    'emails.value eq matches any of the values; name.familyName matches the sub-attribute',
    'Entra ID and OneLogin match people by email (emails.value, emails[type eq "work"].value); a server that only looks at the first email misses them.',
    {
      a: {
        emails: [
          { type: 'work', value: 'first@sub-attribute.example.org' },
          { type: 'home', value: 'second@sub-attribute.example.org' },
        ],
        name: { givenName: 'Ada', familyName: 'Subattribute' },
      },
      b: {},
    },
    async (c, scope, users) => {
      await expectFilterFinds(c, `displayName eq "${scope}" and emails.value eq "second@sub-attribute.example.org"`, users, ['a']);
      await expectFilterFinds(c, `displayName eq "${scope}" and name.familyName eq "Subattribute"`, users, ['a']);
    },
  ),
  {
    id: 'filter.unknown-attribute',
    scope: 'common',
    name: 'A filter on an attribute no schema defines is a 400 invalidFilter',
    source: 'RFC 7644 §3.4.2.2, §3.12 (invalidFilter)',
    consequence:
      'A lookup on a mapped attribute the server does not have answers "not found": the IdP then creates a duplicate instead of showing the mapping error.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', `/Users${q(`noSuchAttribute${c.state.suffix} eq "x"`)}`);
      expectScimError(c, answer, 400, ['invalidFilter']);
    },
  },
  {
    id: 'filter.bad-syntax',
    scope: 'common',
    name: 'A filter that is not valid syntax is a 400 invalidFilter',
    source: 'RFC 7644 §3.4.2.2, §3.12 (invalidFilter)',
    consequence: 'A malformed lookup answered as "no match" makes the IdP create a duplicate; a 500 makes it retry for ever.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', `/Users${q('userName eq "x" and (')}`);
      expectScimError(c, answer, 400, ['invalidFilter']);
    },
  },
];

/** An instant written with a whole-hour offset, `2026-01-01T17:00:00+05:00`. */
function withOffset(ms: number, hours: number): string {
  const local = new Date(ms + hours * 3_600_000).toISOString().replace(/\.\d+Z$/, '');
  return `${local}${hours < 0 ? '-' : '+'}${String(Math.abs(hours)).padStart(2, '0')}:00`;
}
