import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/engine/scim/errors';
import { filterPredicate } from '../../../../src/engine/scim/filter/evaluate';
import { parseFilter } from '../../../../src/engine/scim/filter/parse';
import { RESOURCE_SCHEMAS } from '../../../../src/engine/scim/schemas';
import { URN } from '../../../../src/engine/scim/urns';
import { openWorkbench } from '../../../../src/engine/workbench';
import { sortResources } from '../../../support/sort-oracle';

/**
 * Property: for random users and random filters from the RFC 7644 grammar, the SQL the
 * engine runs selects exactly the users the in-memory evaluator selects (or both reject the
 * filter with the same scimType); and sortBy/sortOrder order them as a plain JS sort does.
 * Values come from a small pool shared by the data and the filters, so filters do match.
 */

const ENTERPRISE = URN.enterpriseUser;
const CORE = URN.user;
const SCHEMAS = RESOURCE_SCHEMAS.User;

const WORDS = ['a', 'A', 'ab', 'Ab', 'b', 'jane', 'Jane Doe', 'ö', 'Ö', '🦊', 'x@acme.com', 'y@ACME.com', 'z@other.org', "O'Brien", 'say "hi"'];
const TYPES = ['work', 'home', 'Work', 'other'];

const word = fc.constantFrom(...WORDS);
/** Empty strings where a value may be empty, so `pr` meets objects and arrays without values. */
const wordOrEmpty = fc.oneof({ weight: 5, arbitrary: word }, { weight: 1, arbitrary: fc.constant('') });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const emailArb = fc.record({ value: maybe(wordOrEmpty), type: maybe(fc.constantFrom(...TYPES)), display: maybe(wordOrEmpty) }, { requiredKeys: [] });

const userArb = fc
  .record({
    userName: word,
    displayName: maybe(word),
    active: maybe(fc.boolean()),
    externalId: maybe(word),
    name: maybe(fc.record({ givenName: maybe(wordOrEmpty), familyName: maybe(wordOrEmpty) }, { requiredKeys: [] })),
    emails: maybe(fc.array(emailArb, { maxLength: 3 })),
    primaryEmail: fc.nat(4),
    enterprise: maybe(
      fc.record(
        {
          department: maybe(wordOrEmpty),
          employeeNumber: maybe(fc.constantFrom('1', '10', '9', '02')),
          manager: maybe(fc.record({ value: maybe(wordOrEmpty) }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
    ),
  })
  .map(({ primaryEmail, enterprise, emails, ...rest }) => {
    const body: Record<string, unknown> = { schemas: [CORE], ...stripUndefined(rest) };
    if (rest.name) body.name = stripUndefined(rest.name);
    // At most one primary (RFC 7643 §2.4); index 3 or 4 means none.
    if (emails) body.emails = emails.map((email, index) => ({ ...stripUndefined(email), ...(index === primaryEmail ? { primary: true } : {}) }));
    if (enterprise) {
      body.schemas = [CORE, ENTERPRISE];
      const { manager, ...rest } = stripUndefined(enterprise);
      body[ENTERPRISE] = { ...rest, ...(manager ? { manager: stripUndefined(manager) } : {}) };
    }
    return body;
  });

const usersArb = fc.uniqueArray(userArb, { maxLength: 8, selector: (user) => String(user.userName).toLowerCase() });

type Kind = 'string' | 'boolean' | 'complex' | 'dateTime';

/** Attribute paths at the resource level, with the kind of value they compare. */
const PATHS: [string, Kind][] = [
  ['userName', 'string'],
  [`${CORE}:userName`, 'string'],
  ['displayName', 'string'],
  ['externalId', 'string'],
  ['title', 'string'],
  ['name.familyName', 'string'],
  ['name.givenName', 'string'],
  ['name', 'complex'],
  ['active', 'boolean'],
  ['emails', 'string'],
  ['emails.value', 'string'],
  ['emails.type', 'string'],
  ['emails.primary', 'boolean'],
  ['emails.display', 'string'],
  [`${ENTERPRISE}:department`, 'string'],
  [`${ENTERPRISE}:employeeNumber`, 'string'],
  [`${ENTERPRISE}:manager`, 'complex'],
  [`${ENTERPRISE}:manager.value`, 'string'],
  ['meta.created', 'dateTime'],
  ['meta.lastModified', 'dateTime'],
  ['nosuch', 'string'],
];
const EMAIL_SUBS: [string, Kind][] = [
  ['value', 'string'],
  ['type', 'string'],
  ['primary', 'boolean'],
  ['display', 'string'],
  ['nosuch', 'string'],
];
const OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

/** Comparison values that fit each kind of attribute. */
const FITTING: Record<Kind, fc.Arbitrary<string>> = {
  string: fc.oneof(word, fc.constantFrom(...TYPES)).map((text) => JSON.stringify(text)),
  boolean: fc.boolean().map(String),
  complex: word.map((text) => JSON.stringify(text)),
  // Placeholders for an instant near the users' creation, filled in once they exist.
  dateTime: fc.constantFrom('@created', '@created+1h', '"2000-01-01T00:00:00Z"', '"2999-01-01"'),
};
/** Values of any type (a mismatch must make both sides reject the filter). */
const ANY_VALUE = fc.constantFrom('null', '1', '2.5', '""', 'true', '"a"', '"not a date"');

const caseOf = fc.constantFrom(
  (s: string) => s,
  (s: string) => s.toUpperCase(),
  (s: string) => s.toLowerCase(),
);

/** Operators that mean something for each kind, mostly; any operator now and then (which must be rejected alike). */
const opFor = (kind: Kind) => {
  const fitting = kind === 'boolean' ? ['eq', 'ne'] : kind === 'complex' ? ['eq'] : OPS;
  return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...fitting) }, { weight: 1, arbitrary: fc.constantFrom(...OPS) });
};

const attrExp = (paths: [string, Kind][]) =>
  fc.constantFrom(...paths).chain(([path, kind]) =>
    fc.oneof(
      { weight: kind === 'complex' ? 8 : 1, arbitrary: caseOf.map((recase) => `${recase(path)} pr`) },
      {
        weight: 5,
        arbitrary: fc
          .tuple(caseOf, opFor(kind), fc.oneof({ weight: 12, arbitrary: FITTING[kind] }, { weight: 1, arbitrary: ANY_VALUE }))
          .map(([recase, op, value]) => `${recase(path)} ${op} ${value}`),
      },
    ),
  );

const logic = (leaf: fc.Arbitrary<string>, depth: number): fc.Arbitrary<string> => {
  if (depth === 0) return leaf;
  const sub = logic(leaf, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 2, arbitrary: fc.tuple(sub, fc.constantFrom('and', 'or'), sub).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 1, arbitrary: fc.tuple(sub, fc.constantFrom('and', 'or'), sub).map(([a, op, b]) => `(${a} ${op} ${b})`) },
    { weight: 1, arbitrary: sub.map((inner) => `not (${inner})`) },
  );
};

const valueFilter = fc
  .tuple(logic(attrExp(EMAIL_SUBS), 1), fc.option(attrExp(EMAIL_SUBS), { nil: undefined }))
  .map(([inner, suffix]) => (suffix ? `emails[${inner}].${suffix}` : `emails[${inner}]`));

const filterArb = logic(fc.oneof({ weight: 4, arbitrary: attrExp(PATHS) }, { weight: 1, arbitrary: valueFilter }), 2);

const SORT_PATHS = [
  'userName',
  'displayName',
  'name.familyName',
  'emails',
  'emails.type',
  'emails.primary',
  'active',
  'externalId',
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:employeeNumber`,
  'meta.created',
  'id',
];
const sortArb = fc.record({
  sortBy: fc.constantFrom(...SORT_PATHS),
  sortOrder: fc.constantFrom('ascending', 'descending') as fc.Arbitrary<'ascending' | 'descending'>,
});

type Outcome = { ids: string[] } | { error: string };

function outcome(run: () => string[]): Outcome {
  try {
    return { ids: run().sort() };
  } catch (error) {
    if (error instanceof ScimError) return { error: `${error.status} ${error.scimType}` };
    throw error;
  }
}

/** An ISO instant an hour later, written with a +01:00 offset: the same instant, other text. */
function withOffset(iso: string): string {
  return new Date(Date.parse(iso) + 3_600_000).toISOString().replace('Z', '+01:00');
}

describe('SQL filters and sorting agree with the in-memory evaluator and a JS sort (property)', () => {
  it('on random users, filters and sort orders', () => {
    // "Both refused it alike" is agreement too, so the run must also show that it mostly compared
    // valid filters, and that they told users apart (neither none nor all of them matched).
    const seen = { filters: 0, valid: 0, discriminating: 0 };
    fc.assert(
      fc.property(usersArb, fc.array(filterArb, { minLength: 1, maxLength: 4 }), sortArb, (users, filters, sort) => {
        const workbench = openWorkbench({ dbPath: ':memory:' });
        try {
          // The random users share externalIds: each is its own user (reprovision off), as in RFC 7643.
          const workspace = workbench.workspaces.configure(workbench.workspaces.ensureDefault().slug, { reprovision: 'off' });
          const ctx = { workspaceId: workspace.id, baseUrl: 'http://x/scim/v2', settings: workspace.settings };
          for (const body of users) workbench.resources.create(ctx, 'User', body);
          const served = workbench.resources.list(ctx, 'User', { count: 1000 }).Resources;
          const created = String((served[Math.floor(served.length / 2)]?.meta as { created?: string } | undefined)?.created ?? '2020-01-01T00:00:00.000Z');

          for (const template of filters) {
            const filter = template.replaceAll('@created+1h', JSON.stringify(withOffset(created))).replaceAll('@created', JSON.stringify(created));
            const viaSql = outcome(() => workbench.resources.list(ctx, 'User', { filter, count: 1000 }).Resources.map((resource) => resource.id as string));
            const viaEvaluator = outcome(() => {
              const matches = filterPredicate(parseFilter(filter, { acceptUnquoted: () => true }), SCHEMAS);
              return served.filter(matches).map((resource) => resource.id as string);
            });
            expect(viaSql, filter).toEqual(viaEvaluator);
            seen.filters += 1;
            if ('ids' in viaSql) {
              seen.valid += 1;
              if (viaSql.ids.length > 0 && viaSql.ids.length < served.length) seen.discriminating += 1;
            }
          }

          const sorted = workbench.resources.list(ctx, 'User', { ...sort, count: 1000 }).Resources.map((resource) => resource.id);
          const expected = sortResources(served, sort.sortBy, sort.sortOrder, SCHEMAS).map((resource) => resource.id);
          expect(sorted, `${sort.sortBy} ${sort.sortOrder}`).toEqual(expected);
        } finally {
          workbench.close();
        }
      }),
      { numRuns: 200 },
    );
    expect(seen.valid / seen.filters, `${seen.valid} of ${seen.filters} generated filters were valid`).toBeGreaterThan(0.6);
    expect(seen.discriminating / seen.valid, `${seen.discriminating} of ${seen.valid} valid filters matched some users but not all`).toBeGreaterThan(0.2);
  });
});

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
