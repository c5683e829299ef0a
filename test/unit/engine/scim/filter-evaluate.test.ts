import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/engine/scim/errors';
import { compareCodePoints, filterPredicate, matchesFilter, matchesValueFilter, valueFilterPredicate } from '../../../../src/engine/scim/filter/evaluate';
import { parseFilter } from '../../../../src/engine/scim/filter/parse';
import { attribute, boolean, complex, dateTime, string } from '../../../../src/engine/scim/schemas/define';
import type { ResourceSchemas } from '../../../../src/engine/scim/schemas/types';

/** A schema with one attribute of every type the evaluator treats differently. */
const EXTENSION_URN = 'urn:example:params:scim:schemas:extension:test:2.0:Thing';
const emails = complex('emails', [string('value', 'v'), string('type', 't'), boolean('primary', 'p'), string('code', 'c', { caseExact: true })], 'emails', {
  multiValued: true,
});
const SCHEMAS: ResourceSchemas = {
  resourceType: {
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'fixture',
    schema: 'urn:example:core:Thing',
    schemaExtensions: [{ schema: EXTENSION_URN, required: false }],
  },
  core: {
    id: 'urn:example:core:Thing',
    name: 'Thing',
    description: 'fixture',
    attributes: [
      string('userName', 'u'),
      string('code', 'case-exact string', { caseExact: true }),
      boolean('active', 'a'),
      attribute('count', 'integer', 'i'),
      attribute('score', 'decimal', 'd'),
      dateTime('born', 'dt'),
      attribute('blob', 'binary', 'b'),
      complex('name', [string('givenName', 'g'), string('familyName', 'f')], 'n'),
      emails,
      string('tags', 'simple multi-valued', { multiValued: true }),
      complex('things', [string('type', 't')], 'multi-valued complex without value', { multiValued: true }),
    ],
  },
  extensions: [
    {
      id: EXTENSION_URN,
      name: 'Ext',
      description: 'fixture',
      attributes: [string('department', 'd'), complex('manager', [string('value', 'v')], 'm')],
    },
  ],
};

const RESOURCE = {
  id: 'abc-123',
  userName: 'Alice@Example.com',
  code: 'AbC',
  active: true,
  count: 5,
  score: 2.5,
  born: '2020-01-01T12:00:00Z',
  blob: 'AAAA',
  name: { givenName: 'Alice', familyName: 'Liddell' },
  emails: [
    { value: 'alice@work.example', type: 'work', primary: true, code: 'XY' },
    { value: 'alice@home.example', type: 'home' },
  ],
  tags: ['Red', 'green'],
  meta: { created: '2021-05-01T00:00:00.000Z', lastModified: '2021-05-02T00:00:00.000Z' },
  [EXTENSION_URN]: { department: 'Engineering', manager: { value: 'm1' } },
};

const matches = (filter: string, resource: object = RESOURCE) => matchesFilter(resource, parseFilter(filter), SCHEMAS);

function expectScimError(run: () => unknown, scimType: string, detail?: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ScimError);
  const error = caught as ScimError;
  expect(error.status).toBe(400);
  expect(error.scimType).toBe(scimType);
  if (detail) expect(error.detail).toMatch(detail);
}

describe('matchesFilter: strings', () => {
  it('matches attribute names case-insensitively and folds non-caseExact strings', () => {
    expect(matches('USERNAME eq "alice@example.com"')).toBe(true);
    expect(matches('userName eq "bob@example.com"')).toBe(false);
  });

  it('compares caseExact strings exactly', () => {
    expect(matches('code eq "AbC"')).toBe(true);
    expect(matches('code eq "abc"')).toBe(false);
    expect(matches('code co "B"')).toBe(false);
    expect(matches('code co "B"', { code: 'aBc' })).toBe(true);
    expect(matches('id eq "ABC-123"')).toBe(false); // id is caseExact
    expect(matches('id eq "abc-123"')).toBe(true);
  });

  it('supports co, sw and ew, folded', () => {
    expect(matches('userName co "EXAMPLE"')).toBe(true);
    expect(matches('userName sw "alice@"')).toBe(true);
    expect(matches('userName ew ".COM"')).toBe(true);
    expect(matches('userName sw "example"')).toBe(false);
    expect(matches('userName ew "alice"')).toBe(false);
  });

  it('co/sw/ew with an empty string match any present string, but not a missing one', () => {
    expect(matches('userName co ""')).toBe(true);
    expect(matches('userName sw ""')).toBe(true);
    expect(matches('userName ew ""')).toBe(true);
    expect(matches('userName co ""', {})).toBe(false);
  });

  it('orders strings lexicographically, folded unless caseExact', () => {
    expect(matches('userName gt "ALICE"')).toBe(true);
    expect(matches('userName lt "b"')).toBe(true);
    expect(matches('userName ge "alice@example.com"')).toBe(true);
    expect(matches('userName le "alice@example.com"')).toBe(true);
    expect(matches('userName gt "alice@example.com"')).toBe(false);
    // caseExact: "AbC" < "a" because "A" (0x41) < "a" (0x61)
    expect(matches('code lt "a"')).toBe(true);
  });

  it('orders by code point, as SQLite does, not by UTF-16 code unit', () => {
    // U+1F600 (surrogates D83D DE00) sorts after U+FF5E by code point, before it by code unit.
    expect(compareCodePoints('\u{1F600}', '\uFF5E')).toBe(1);
    expect('\u{1F600}' < '\uFF5E').toBe(true);
    expect(compareCodePoints('ab', 'abc')).toBe(-1);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
    expect(matches('userName gt "\uFF5E"', { userName: '\u{1F600}' })).toBe(true);
  });

  it('a comparison value of another JSON type is invalidFilter (no coercion), as in SQL', () => {
    expectScimError(() => matches('userName eq 5', { userName: '5' }), 'invalidFilter', /a string/);
    expectScimError(() => matches('userName ne 5', { userName: '5' }), 'invalidFilter', /a string/);
  });
});

describe('matchesFilter: missing attributes, ne, pr, null', () => {
  it('a missing attribute fails every comparison but ne', () => {
    for (const op of ['eq', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) {
      expect(matches(`userName ${op} "a"`, {})).toBe(false);
    }
    expect(matches('userName ne "a"', {})).toBe(true);
  });

  it('ne on a single-valued attribute is not eq', () => {
    expect(matches('userName ne "ALICE@example.com"')).toBe(false);
    expect(matches('userName ne "bob"')).toBe(true);
  });

  it('ne on a multi-valued attribute matches when any element differs (RFC 7644 §3.4.2.2)', () => {
    expect(matches('emails.type ne "home"', { emails: [{ type: 'home' }] })).toBe(false);
    expect(matches('emails.type ne "home"', { emails: [{ type: 'home' }, { type: 'work' }] })).toBe(true);
    expect(matches('emails.type ne "other"')).toBe(true);
    expect(matches('emails.type ne "home"', { emails: [] })).toBe(false);
  });

  it('pr: present and not null, "", [] or {}', () => {
    expect(matches('userName pr')).toBe(true);
    expect(matches('active pr', { active: false })).toBe(true);
    expect(matches('count pr', { count: 0 })).toBe(true);
    for (const value of [null, '', [], {}]) {
      expect(matches('userName pr', { userName: value })).toBe(false);
      expect(matches('name pr', { name: value })).toBe(false);
    }
    expect(matches('name pr')).toBe(true);
    expect(matches('name.givenName pr')).toBe(true);
    expect(matches('name.familyName pr', { name: { givenName: 'x' } })).toBe(false);
    expect(matches('userName pr', {})).toBe(false);
  });

  it('pr on a multi-valued attribute means at least one element; on a sub-attribute, any element has it', () => {
    expect(matches('emails pr')).toBe(true);
    expect(matches('emails pr', { emails: [] })).toBe(false);
    expect(matches('emails.primary pr')).toBe(true);
    expect(matches('emails.primary pr', { emails: [{ value: 'a' }] })).toBe(false);
    expect(matches('tags pr')).toBe(true);
  });

  it('eq null means "no value", ne null means "has one"; other operators with null are invalid', () => {
    expect(matches('userName eq null', {})).toBe(true);
    expect(matches('userName eq null')).toBe(false);
    expect(matches('userName ne null')).toBe(true);
    expectScimError(() => matches('userName gt null'), 'invalidFilter');
  });
});

describe('matchesFilter: types', () => {
  it('booleans compare by identity; a "true" string is invalidFilter', () => {
    expect(matches('active eq true')).toBe(true);
    expect(matches('active eq false')).toBe(false);
    expect(matches('active ne false')).toBe(true);
    expectScimError(() => matches('active eq "true"'), 'invalidFilter', /a boolean/);
    expect(matches('active eq true', { active: 'true' })).toBe(false);
  });

  it('ordering or substring operators on a boolean are invalidFilter', () => {
    for (const op of ['gt', 'ge', 'lt', 'le', 'co', 'sw', 'ew']) {
      expectScimError(() => matches(`active ${op} true`), 'invalidFilter', /boolean/);
    }
  });

  it('numbers compare numerically', () => {
    expect(matches('count eq 5')).toBe(true);
    expect(matches('count gt 10')).toBe(false);
    expect(matches('count gt 4')).toBe(true);
    expect(matches('count ge 5 and count le 5 and count lt 6')).toBe(true);
    expect(matches('score gt 2.25')).toBe(true);
    expectScimError(() => matches('count eq "5"'), 'invalidFilter', /a number/);
    expect(matches('count gt 4', { count: 10 })).toBe(true); // not "10" < "4" as text
    expectScimError(() => matches('count co 5'), 'invalidFilter', /number/);
  });

  it('dateTimes compare by instant', () => {
    expect(matches('born gt "2020-01-01T11:00:00Z"')).toBe(true);
    expect(matches('born eq "2020-01-01T12:00:00.000Z"')).toBe(true);
    expect(matches('born eq "2020-01-01T14:00:00+02:00"')).toBe(true);
    expect(matches('born lt "2020-01-01T13:00:00+02:00"')).toBe(false);
    expect(matches('meta.lastModified gt "2021-05-01T00:00:00Z"')).toBe(true);
    expect(matches('meta.created ge "2021-05-01T00:00:00Z" and meta.created le "2021-05-01T00:00:00Z"')).toBe(true);
    expect(matches('born sw "2020-01"')).toBe(true);
    expect(matches('born gt "2000-01-01T00:00:00Z"', { born: 'garbage' })).toBe(false);
    expectScimError(() => matches('born gt "not a date"'), 'invalidFilter', /dateTime/);
  });

  it('binary attributes cannot be compared, only tested for presence', () => {
    expect(matches('blob pr')).toBe(true);
    expectScimError(() => matches('blob eq "AAAA"'), 'invalidFilter', /binary/);
    expectScimError(() => matches('blob gt "AAAA"'), 'invalidFilter', /binary/);
  });

  it('comparing a single complex attribute is invalidFilter; its sub-attributes compare', () => {
    expectScimError(() => matches('name eq "Alice"'), 'invalidFilter', /complex/);
    expectScimError(() => matches('name co "A"'), 'invalidFilter', /complex/);
    expect(matches('name.givenName eq "alice"')).toBe(true);
    expect(matches('NAME.GIVENNAME sw "ALI"')).toBe(true);
  });

  it('unknown attributes are invalidFilter naming them', () => {
    expectScimError(() => matches('nope eq "x"'), 'invalidFilter', /"nope"/);
    expectScimError(() => matches('name.nope eq "x"'), 'invalidFilter', /"name\.nope"/);
    expectScimError(() => matches('emails[nope eq "x"]'), 'invalidFilter', /"nope"/);
  });

  it('checks the whole filter before evaluating, so short-circuiting hides no error', () => {
    expectScimError(() => matches('userName eq "nobody" and nope eq "x"'), 'invalidFilter', /"nope"/);
    expectScimError(() => filterPredicate(parseFilter('active gt true'), SCHEMAS), 'invalidFilter');
  });
});

describe('matchesFilter: multi-valued attributes', () => {
  it('matches when any element matches', () => {
    expect(matches('emails.value eq "ALICE@home.example"')).toBe(true);
    expect(matches('emails.type eq "other"')).toBe(false);
    expect(matches('tags eq "red"')).toBe(true);
    expect(matches('tags eq "blue"')).toBe(false);
  });

  it("comparing the attribute itself compares each element's value", () => {
    expect(matches('emails eq "alice@work.example"')).toBe(true);
    expect(matches('emails co "@home"')).toBe(true);
    expect(matches('emails eq "work"')).toBe(false);
  });

  it('a multi-valued complex attribute without a value sub-attribute cannot be compared directly', () => {
    expectScimError(() => matches('things eq "x"'), 'invalidFilter', /value/);
    expect(matches('things pr', { things: [{ type: 'a' }] })).toBe(true);
  });

  it('value filters need one element to satisfy the whole inner filter', () => {
    expect(matches('emails[type eq "work" and value co "@work"]')).toBe(true);
    expect(matches('emails[type eq "work" and value co "@home"]')).toBe(false);
    expect(matches('emails[TYPE eq "WORK"]')).toBe(true);
    expect(matches('emails[code eq "xy"]')).toBe(false); // caseExact sub-attribute
    expect(matches('emails[not (type eq "work")]')).toBe(true);
    expect(matches('emails[type eq "work"]', {})).toBe(false);
  });

  it('a value filter followed by a sub-attribute comparison', () => {
    expect(matches('emails[type eq "work"].value eq "alice@work.example"')).toBe(true);
    expect(matches('emails[type eq "work"].value eq "nobody@x"')).toBe(false);
  });

  it('value filters on a non-multi-valued attribute are invalidFilter', () => {
    expectScimError(() => matches('name[givenName eq "x"]'), 'invalidFilter', /multi-valued/);
    expectScimError(() => matches('userName[value eq "x"]'), 'invalidFilter');
  });
});

describe('matchesFilter: logic and extensions', () => {
  it('and, or, not', () => {
    expect(matches('userName sw "alice" and active eq true')).toBe(true);
    expect(matches('userName sw "bob" or active eq true')).toBe(true);
    expect(matches('not (active eq true)')).toBe(false);
    expect(matches('not (userName eq "x") and (count gt 1 or count lt 0)')).toBe(true);
  });

  it('resolves URN-qualified attributes under the extension key', () => {
    expect(matches(`${EXTENSION_URN}:department eq "engineering"`)).toBe(true);
    expect(matches(`${EXTENSION_URN}:manager.value eq "m1"`)).toBe(true);
    expect(matches(`${EXTENSION_URN}:department pr`, { userName: 'x' })).toBe(false);
    expect(matches('urn:example:core:Thing:userName eq "alice@example.com"')).toBe(true);
  });
});

describe('matchesValueFilter', () => {
  const work = { value: 'a@b.c', type: 'work', primary: true };

  it("resolves names among the parent's sub-attributes, case-insensitively", () => {
    expect(matchesValueFilter(work, parseFilter('type eq "WORK"'), emails)).toBe(true);
    expect(matchesValueFilter(work, parseFilter('Primary eq true and value ew ".c"'), emails)).toBe(true);
    expect(matchesValueFilter(work, parseFilter('type eq "home"'), emails)).toBe(false);
    expect(matchesValueFilter({ value: 'x' }, parseFilter('type ne "home"'), emails)).toBe(true);
    expect(matchesValueFilter('not an object', parseFilter('type eq "work"'), emails)).toBe(false);
  });

  it('unknown sub-attributes, nested value filters and non-complex parents are invalidFilter', () => {
    expectScimError(() => matchesValueFilter(work, parseFilter('nope eq "x"'), emails), 'invalidFilter', /"nope"/);
    expectScimError(() => matchesValueFilter(work, parseFilter('emails[type eq "x"]'), emails), 'invalidFilter', /nested/);
    expectScimError(() => valueFilterPredicate(parseFilter('value eq "x"'), string('userName', 'u')), 'invalidFilter');
    expectScimError(() => matchesValueFilter(work, parseFilter('primary gt true'), emails), 'invalidFilter');
  });
});
