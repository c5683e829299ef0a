import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScimError } from '../../../../src/engine/scim/errors';
import { matchesFilter } from '../../../../src/engine/scim/filter/evaluate';
import { parseFilter } from '../../../../src/engine/scim/filter/parse';
import { compileFilter } from '../../../../src/engine/scim/filter/to-sql';
import { RESOURCE_SCHEMAS } from '../../../../src/engine/scim/schemas';
import type { ResourceTypeName } from '../../../../src/engine/scim/schemas/types';
import { URN } from '../../../../src/engine/scim/urns';
import { resourceSqlMap } from '../../../../src/engine/store/resource-sql-map';
import { openWorkbench, type Workbench } from '../../../../src/engine/workbench';

/**
 * The filter → SQL compiler against the in-memory evaluator (evaluate.ts), which is meant
 * to have the same semantics: every filter below must select the same resources whether
 * SQLite runs it over stored documents or the evaluator runs it over served resources.
 */

const BASE_URL = 'http://x/scim/v2';
const ENTERPRISE = URN.enterpriseUser;

let workbench: Workbench;
let ctx: { workspaceId: number; baseUrl: string };
/** userName (or Group displayName) → id, and back. */
const idOf = new Map<string, string>();
const nameOf = new Map<string, string>();

function user(body: Record<string, unknown>) {
  return { schemas: [URN.user, ...(ENTERPRISE in body ? [ENTERPRISE] : [])], ...body };
}

function create(type: ResourceTypeName, key: string, body: Record<string, unknown>) {
  const created = workbench.resources.create(ctx, type, body);
  idOf.set(key, created.id as string);
  nameOf.set(created.id as string, key);
  return created.id as string;
}

/** Each resource is created one minute after the previous one, so meta.created orders them. */
let clock = Date.parse('2024-03-01T09:00:00.000Z');
const tick = () => vi.setSystemTime((clock += 60_000));

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  workbench = openWorkbench({ dbPath: ':memory:' });
  ctx = { workspaceId: workbench.workspaces.ensureDefault().id, baseUrl: BASE_URL };

  const users: Record<string, unknown>[] = [
    {
      userName: 'Alice@Example.com',
      externalId: 'EXT-Alice',
      name: { givenName: 'Alice', familyName: 'Liddell' },
      displayName: 'Alice Liddell',
      title: 'Engineer',
      active: true,
      emails: [
        { value: 'alice@work.example', type: 'work', primary: true },
        { value: 'Alice.Home@Mail.example', type: 'home' },
      ],
      [ENTERPRISE]: { department: 'Engineering', employeeNumber: '0001' },
    },
    {
      userName: 'Zoë@Example.com',
      externalId: 'ext-zoe',
      name: { givenName: 'Zoë', familyName: 'Ångström' },
      displayName: 'Zoë Ångström',
      active: false,
      emails: [{ value: 'zoë@x.example', type: 'work' }],
      [ENTERPRISE]: { department: 'Ünïcode Lab' },
    },
    { userName: 'BOB', title: 'Vice President', active: true },
    {
      userName: 'carol.smith',
      externalId: 'ext-alice', // alice's externalId in another case: externalId is caseExact
      active: false,
      emails: [
        { value: 'carol@x.example', type: 'home' },
        { value: 'carol@work.example', type: 'work' },
      ],
      addresses: [{ type: 'work', locality: 'Berlin', country: 'DE' }],
    },
    {
      userName: 'Dave',
      emails: [{ value: 'dave@X.EXAMPLE', type: 'Work' }],
      [ENTERPRISE]: { department: 'engineering', manager: { value: 'MGR-1' } },
    },
    { userName: 'eve', nickName: '', displayName: 'Eve' },
    { userName: 'frank🦊@example.com', active: true, emails: [{ value: '🦊@fox.example' }] },
    {
      userName: 'grace',
      externalId: '',
      active: true,
      emails: [{ value: 'grace@x.example' }],
      addresses: [{ type: 'home', locality: 'Paris', country: 'FR', primary: true }],
    },
    {
      userName: 'heidi',
      displayName: 'HEIDI K',
      title: 'vice president',
      active: true,
      [ENTERPRISE]: { department: 'Sales', employeeNumber: '0042', manager: { value: 'mgr-1', displayName: 'Ignored' } },
    },
    {
      userName: 'ivan',
      active: true,
      emails: [
        { value: 'ivan@x.example', type: 'work' },
        { value: 'ivan@other.example', type: 'work' },
      ],
    },
    { userName: 'judy', active: true, emails: [{ value: 'judy@x.example', type: 'work', primary: false }] },
    { userName: 'Ärger', displayName: 'Ärger Ölsen', active: false },
    {
      userName: 'mallory',
      name: { familyName: "O'Brien" },
      displayName: 'Mallory "M" O\'Brien',
      phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
    },
    { userName: 'niaj', ims: [{ value: 'niaj@chat', type: 'xmpp' }], roles: [{ value: 'Admin' }] },
    { userName: 'oscar', [ENTERPRISE]: { manager: { value: 'mgr-2' } } },
  ];
  for (const body of users) {
    tick();
    create('User', body.userName as string, user(body));
  }

  const members = (...names: string[]) => names.map((name) => ({ value: idOf.get(name)! }));
  tick();
  create('Group', 'Engineering', { displayName: 'Engineering', externalId: 'G-ENG', members: members('Alice@Example.com', 'Dave', 'carol.smith') });
  tick();
  create('Group', 'Sales', { displayName: 'Sales', members: members('heidi') });
  tick();
  create('Group', 'Admins', { displayName: 'Admins', members: [...members('Alice@Example.com'), { value: idOf.get('Engineering')! }] });
  tick();
  create('Group', 'Empty Group', { displayName: 'Empty Group' });
  tick();
  create('Group', 'Ünïcode Grüppe', { displayName: 'Ünïcode Grüppe', members: members('Zoë@Example.com') });

  // A later change: heidi's lastModified moves past every other resource's.
  tick();
  workbench.resources.patch(ctx, 'User', idOf.get('heidi')!, {
    schemas: [URN.patchOp],
    Operations: [{ op: 'replace', path: 'title', value: 'VP' }],
  });
});

afterAll(() => {
  workbench.close();
  vi.useRealTimers();
});

type Outcome = { names: string[] } | { error: string };

function outcome(run: () => string[]): Outcome {
  try {
    return {
      names: run()
        .map((id) => nameOf.get(id) ?? id)
        .sort(),
    };
  } catch (error) {
    if (error instanceof ScimError) return { error: `${error.status} ${error.scimType}` };
    throw error;
  }
}

function allIds(type: ResourceTypeName): string[] {
  return workbench.resources.list(ctx, type, {}).Resources.map((resource) => resource.id as string);
}

const viaSql = (type: ResourceTypeName, filter: string) =>
  outcome(() => workbench.resources.list(ctx, type, { filter }).Resources.map((resource) => resource.id as string));

const viaEvaluator = (type: ResourceTypeName, filter: string) =>
  outcome(() => {
    const parsed = parseFilter(filter);
    return allIds(type).filter((id) => matchesFilter(workbench.resources.get(ctx, type, id), parsed, RESOURCE_SCHEMAS[type]));
  });

const at = (minutes: number) => new Date(Date.parse('2024-03-01T09:00:00.000Z') + minutes * 60_000).toISOString();

/**
 * [resource type, filter, expected names or undefined]. Where expected names are given they
 * pin the result down by hand, so the two sides cannot agree on a wrong answer there.
 */
const DIFFERENTIAL: [ResourceTypeName, string, string[]?][] = [
  // Index columns, case folding, unicode.
  ['User', 'userName eq "alice@example.com"', ['Alice@Example.com']],
  ['User', 'USERNAME eq "ALICE@EXAMPLE.COM"', ['Alice@Example.com']],
  ['User', 'userName eq "ZOË@example.com"', ['Zoë@Example.com']],
  ['User', 'userName eq "ärger"', ['Ärger']],
  ['User', 'userName eq "bob"', ['BOB']],
  ['User', 'userName ne "bob"'],
  ['User', 'userName sw "a"', ['Alice@Example.com']],
  ['User', 'userName ew "@EXAMPLE.COM"', ['Alice@Example.com', 'Zoë@Example.com', 'frank🦊@example.com']],
  ['User', 'userName co "🦊"', ['frank🦊@example.com']],
  ['User', 'userName sw "frank🦊"', ['frank🦊@example.com']],
  ['User', 'userName ew "🦊@example.com"', ['frank🦊@example.com']],
  ['User', 'userName gt "judy"', ['mallory', 'niaj', 'oscar', 'Zoë@Example.com', 'Ärger']],
  ['User', 'userName le "bob"', ['Alice@Example.com', 'BOB']],
  // Code point order (SQLite's BINARY collation), not UTF-16 order: 🦊 sorts after U+FFFD.
  ['User', 'userName gt "frank\uFFFD"', ['frank🦊@example.com', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'oscar', 'Zoë@Example.com', 'Ärger']],
  ['User', 'emails.value co ""'],
  ['User', 'userName eq ""', []],
  ['User', 'userName co ""'],
  ['User', 'userName pr'],
  ['User', 'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "dave"', ['Dave']],
  // caseExact: id and externalId.
  ['User', 'externalId eq "EXT-Alice"', ['Alice@Example.com']],
  ['User', 'externalId eq "ext-alice"', ['carol.smith']],
  ['User', 'externalId co "alice"', ['carol.smith']],
  ['User', 'externalId pr', ['Alice@Example.com', 'Zoë@Example.com', 'carol.smith']],
  ['User', 'externalId eq null'],
  ['User', 'externalId ne null'],
  ['User', 'externalId eq ""', ['grace']],
  ['User', 'not (externalId pr)'],
  // Document attributes.
  ['User', 'displayName co "ö"', ['Zoë@Example.com', 'Ärger']],
  ['User', 'displayName eq "heidi k"', ['heidi']],
  ['User', 'displayName co "\\"M\\""', ['mallory']],
  ['User', 'name.familyName eq "o\'brien"', ['mallory']],
  ['User', 'name.givenName sw "zo"', ['Zoë@Example.com']],
  ['User', 'name pr', ['Alice@Example.com', 'Zoë@Example.com', 'mallory']],
  ['User', 'title eq "VICE PRESIDENT"', ['BOB']],
  ['User', 'title ne "vice president"'],
  ['User', 'title lt "f"'],
  ['User', 'title gt ""'],
  ['User', 'title sw ""'],
  ['User', 'name.givenName ne "alice"'],
  ['User', 'nickName pr', []],
  ['User', 'nickName co ""', ['eve']],
  ['User', 'nickName eq ""', ['eve']],
  ['User', 'nickName eq null'],
  ['User', 'password pr', []],
  // Booleans.
  ['User', 'active eq true', ['Alice@Example.com', 'BOB', 'frank🦊@example.com', 'grace', 'heidi', 'ivan', 'judy']],
  ['User', 'active eq false', ['Zoë@Example.com', 'carol.smith', 'Ärger']],
  ['User', 'active ne true'],
  ['User', 'active pr'],
  ['User', 'not (active eq true)'],
  // Multi-valued attributes.
  ['User', 'emails pr'],
  ['User', 'not (emails pr)'],
  ['User', 'emails co "x.example"', ['Zoë@Example.com', 'frank🦊@example.com', 'Dave', 'carol.smith', 'grace', 'ivan', 'judy']],
  ['User', 'emails.value ew "@work.example"', ['Alice@Example.com', 'carol.smith']],
  ['User', 'emails.type eq "work"', ['Alice@Example.com', 'Zoë@Example.com', 'carol.smith', 'Dave', 'ivan', 'judy']],
  ['User', 'emails.type pr'],
  ['User', 'emails.primary eq true', ['Alice@Example.com']],
  ['User', 'emails.primary eq false', ['judy']],
  ['User', 'emails[type eq "work" and value co "@x"]', ['Zoë@Example.com', 'Dave', 'ivan', 'judy']],
  ['User', 'emails[type eq "home" and value co "work"]', []],
  ['User', 'emails.type eq "home" and emails.value co "work"', ['Alice@Example.com', 'carol.smith']],
  ['User', 'emails[not (type eq "work")]', ['Alice@Example.com', 'carol.smith', 'frank🦊@example.com', 'grace']],
  ['User', 'emails[type pr]'],
  ['User', 'emails[value eq null]', []],
  ['User', 'emails[type eq null]', ['frank🦊@example.com', 'grace']],
  ['User', 'emails.value eq "ZOË@X.EXAMPLE"', ['Zoë@Example.com']],
  ['User', 'emails.value gt "j"'],
  // A sub-attribute after a value filter: one element must satisfy both (not any two).
  ['User', 'emails[type eq "work"].value co "x.example"', ['Zoë@Example.com', 'Dave', 'ivan', 'judy']],
  ['User', 'emails[type eq "home"].value co "work"', []],
  ['User', 'Emails[TYPE eq "work"].VALUE ew "@work.example"', ['Alice@Example.com', 'carol.smith']],
  ['User', 'emails[type eq "work" or type eq "home"].primary eq true', ['Alice@Example.com']],
  ['User', 'not (emails[type eq "work"].value pr)'],
  ['User', 'urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "o\'brien"', ['mallory']],
  ['User', 'urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "home"]', ['Alice@Example.com', 'carol.smith']],
  ['User', 'urn:ietf:params:scim:schemas:core:2.0:User:meta.created pr'],
  ['User', 'addresses[locality eq "berlin"]', ['carol.smith']],
  ['User', 'addresses.country eq "FR" or addresses.country eq "de"', ['carol.smith', 'grace']],
  ['User', 'addresses pr', ['carol.smith', 'grace']],
  ['User', 'addresses.primary eq true', ['grace']],
  ['User', 'phoneNumbers co "555"', ['mallory']],
  ['User', 'ims[type eq "XMPP"]', ['niaj']],
  ['User', 'roles eq "admin"', ['niaj']],
  ['User', 'x509Certificates pr', []],
  // `ne` on a multi-valued attribute: ANY value that differs (RFC 7644 §3.4.2.2); an email
  // without a type has no type to differ. Inside brackets each element is single-valued.
  ['User', 'emails.type ne "work"', ['Alice@Example.com', 'carol.smith']],
  ['User', 'emails[type ne "work"]', ['Alice@Example.com', 'carol.smith', 'frank🦊@example.com', 'grace']],
  ['User', 'emails ne "grace@x.example"', ['Alice@Example.com', 'Zoë@Example.com', 'carol.smith', 'Dave', 'frank🦊@example.com', 'ivan', 'judy']],
  ['User', 'emails.primary ne true', ['judy']],
  ['User', 'not (emails.type eq "work")'],
  // `eq null` is `not pr` of the attribute as a whole.
  ['User', 'emails.value eq null', ['BOB', 'eve', 'heidi', 'mallory', 'niaj', 'oscar', 'Ärger']],
  ['User', 'emails eq null', ['BOB', 'eve', 'heidi', 'mallory', 'niaj', 'oscar', 'Ärger']],
  ['User', 'emails.value ne null'],
  ['User', 'emails.type eq null'],
  ['User', 'emails[type eq "work" or type eq "home"] and not (emails[primary eq true])'],
  ['User', 'ims.value sw "NIAJ"', ['niaj']],
  // Extension attributes, URN-qualified.
  ['User', `${ENTERPRISE}:department eq "engineering"`, ['Alice@Example.com', 'Dave']],
  ['User', `${ENTERPRISE.toUpperCase()}:DEPARTMENT eq "SALES"`, ['heidi']],
  ['User', `${ENTERPRISE}:department co "ünï"`, ['Zoë@Example.com']],
  ['User', `${ENTERPRISE}:department pr`],
  ['User', `${ENTERPRISE}:manager.value eq "mgr-1"`, ['Dave', 'heidi']],
  ['User', `${ENTERPRISE}:manager pr`, ['Dave', 'heidi', 'oscar']],
  ['User', `${ENTERPRISE}:employeeNumber gt "0001"`, ['heidi']],
  ['User', `not (${ENTERPRISE}:department pr) and ${ENTERPRISE}:manager pr`, ['oscar']],
  // meta.
  ['User', `meta.created gt "${at(10)}"`, ['judy', 'Ärger', 'mallory', 'niaj', 'oscar']],
  ['User', `meta.created ge "${at(10)}"`],
  ['User', `meta.created lt "2024-03-01T11:03:00+02:00"`, ['Alice@Example.com', 'Zoë@Example.com']],
  ['User', `meta.created eq "${at(1)}"`, ['Alice@Example.com']],
  // Joining a group is a new version too: Zoë joined the last one made, at minute 20.
  ['User', `meta.lastModified gt "${at(20)}"`, ['heidi']],
  ['User', `meta.lastModified eq "${at(20)}"`, ['Zoë@Example.com']],
  ['User', 'meta.created sw "2024-03-01T09:01"', ['Alice@Example.com']],
  ['User', 'meta.resourceType eq "User"'],
  ['User', 'meta.resourceType eq "user"', []],
  // Alice joined two groups; heidi one, then was patched.
  ['User', 'meta.version eq "W/\\"3\\""', ['Alice@Example.com', 'heidi']],
  ['User', 'meta pr'],
  ['User', 'meta.location pr'],
  ['User', 'meta.version pr'],
  ['User', 'meta.created gt "2024-03-01"'],
  ['User', 'meta.created lt "2024-03-01"', []],
  ['User', 'meta.created co "T09:0"'],
  // `$ref` is not an ATTRNAME in the RFC 7644 filter grammar, so both sides reject it.
  ['User', 'groups.$ref pr'],
  // Logic: and/or/not, parentheses, precedence (and binds tighter than or).
  ['User', 'userName eq "bob" or active eq false and emails pr', ['BOB', 'Zoë@Example.com', 'carol.smith']],
  ['User', '(userName eq "bob" or active eq false) and emails pr', ['Zoë@Example.com', 'carol.smith']],
  ['User', 'active eq false and emails pr or userName eq "bob"', ['BOB', 'Zoë@Example.com', 'carol.smith']],
  ['User', 'not (active eq true or emails pr)'],
  ['User', 'not (not (title pr))'],
  ['User', 'title pr and not (title co "vice")'],
  ['User', 'not (title eq "VP") and not (userName sw "a")'],
  ['User', '(emails pr or addresses pr) and (active eq true or active eq false)'],
  // id is caseExact.
  ['User', 'id pr'],
  // Membership: groups of a User, members of a Group.
  ['User', 'groups pr', ['Alice@Example.com', 'Zoë@Example.com', 'carol.smith', 'Dave', 'heidi']],
  ['User', 'groups.display eq "engineering"', ['Alice@Example.com', 'carol.smith', 'Dave']],
  ['User', 'groups[display sw "ü"]', ['Zoë@Example.com']],
  ['User', 'groups.type eq "direct"'],
  ['User', 'groups.display ne "engineering"', ['Alice@Example.com', 'Zoë@Example.com', 'heidi']],
  ['User', 'not (groups pr)'],
  ['Group', 'displayName eq "engineering"', ['Engineering']],
  ['Group', 'displayName co "ÜNÏ"', ['Ünïcode Grüppe']],
  ['Group', 'displayName sw "e"', ['Empty Group', 'Engineering']],
  ['Group', 'displayName ne "Sales"'],
  ['Group', 'externalId eq "G-ENG"', ['Engineering']],
  ['Group', 'externalId eq "g-eng"', []],
  ['Group', 'members pr', ['Admins', 'Engineering', 'Sales', 'Ünïcode Grüppe']],
  ['Group', 'not (members pr)', ['Empty Group']],
  ['Group', 'members.type eq "group"', ['Admins']],
  ['Group', 'members[type eq "User" and display eq "HEIDI K"]', ['Sales']],
  ['Group', 'members.display co "zoë"', ['Ünïcode Grüppe']],
  ['Group', 'members.display eq "Engineering"', ['Admins']],
  ['Group', 'members.type ne "user"', ['Admins']],
  ['Group', 'members[not (type eq "User")] or displayName eq "sales"', ['Admins', 'Sales']],
  ['Group', 'displayName gt "f"'],
  ['Group', 'members eq null', ['Empty Group']],
];

/** Filters that need the current ids, so they are built once the fixture exists. */
function membershipFilters(): [ResourceTypeName, string, string[]?][] {
  const id = (name: string) => idOf.get(name)!;
  return [
    ['User', `groups.value eq "${id('Engineering')}"`, ['Alice@Example.com', 'carol.smith', 'Dave']],
    ['User', `groups[value eq "${id('Admins')}"]`, ['Alice@Example.com']],
    ['User', `groups eq "${id('Sales')}"`, ['heidi']],
    ['User', `id eq "${id('ivan')}"`, ['ivan']],
    ['User', `id eq "${id('ivan').toUpperCase()}"`, []],
    ['User', `id ne "${id('ivan')}" and active eq true`],
    ['User', `groups.value ne "${id('Engineering')}"`, ['Alice@Example.com', 'Zoë@Example.com', 'heidi']],
    ['Group', `members.value eq "${id('Alice@Example.com')}"`, ['Admins', 'Engineering']],
    ['Group', `members.value ne "${id('heidi')}"`, ['Admins', 'Engineering', 'Ünïcode Grüppe']],
    ['Group', `members[value eq "${id('Engineering')}"]`, ['Admins']],
    ['Group', `members eq "${id('heidi')}" or members eq "${id('Dave')}"`, ['Engineering', 'Sales']],
    ['Group', `id eq "${id('Sales')}" and members[value eq "${id('heidi')}"]`, ['Sales']],
    ['Group', `id eq "${id('Sales')}" and members[value eq "${id('Dave')}"]`, []],
  ];
}

describe('compileFilter agrees with the in-memory evaluator', () => {
  it('has a fixture to disagree about', () => {
    expect(allIds('User')).toHaveLength(15);
    expect(allIds('Group')).toHaveLength(5);
  });

  it.each(DIFFERENTIAL)('%s: %s', (type, filter, expected) => {
    const sql = viaSql(type, filter);
    expect(sql).toEqual(viaEvaluator(type, filter));
    if (expected) expect(sql).toEqual({ names: [...expected].sort() });
  });

  it('agrees on filters over ids and memberships', () => {
    for (const [type, filter, expected] of membershipFilters()) {
      const sql = viaSql(type, filter);
      expect(sql, filter).toEqual(viaEvaluator(type, filter));
      if (expected) expect(sql, filter).toEqual({ names: [...expected].sort() });
    }
  });
});

const compile = (type: ResourceTypeName, filter: string, baseUrl?: string) =>
  compileFilter(parseFilter(filter), RESOURCE_SCHEMAS[type], resourceSqlMap(type, { baseUrl }));

/** The statement ResourceStore.list runs (the type is an SQL literal there), with the compiled predicate in it. */
const listSql = (type: ResourceTypeName, where: string) =>
  `SELECT r.id FROM resources r WHERE r.workspace_id = ? AND r.resource_type = '${type}' AND (${where}) ORDER BY r.seq LIMIT (? + 0) OFFSET ?`;

function runCompiled(type: ResourceTypeName, filter: string, baseUrl?: string): string[] {
  const where = compile(type, filter, baseUrl);
  const rows = workbench.db.prepare(listSql(type, where.sql)).all(ctx.workspaceId, ...where.params, 1000, 0) as { id: string }[];
  return rows.map((row) => nameOf.get(row.id) ?? row.id).sort();
}

function expectInvalidFilter(run: () => unknown): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ScimError);
  expect(thrown).toMatchObject({ status: 400, scimType: 'invalidFilter' });
}

describe('compileFilter binds every value', () => {
  const hostile = [
    `userName eq "x' OR 1=1 --"`,
    `title co "x' OR 1=1 --"`,
    `emails[value sw "x' OR 1=1 --"]`,
    `${ENTERPRISE}:department ew "x' OR 1=1 --"`,
    `externalId eq "x\\" OR 1=1 --"`,
    `groups.display lt "a'); DROP TABLE resources; --"`,
  ];

  it.each(hostile)('%s', (filter) => {
    const where = compile('User', filter);
    expect(where.sql).not.toMatch(/x'|x"|a'|1=1|DROP/i);
    expect(where.params.some((param) => typeof param === 'string' && /1=1|DROP/i.test(param))).toBe(true);
    expect(runCompiled('User', filter)).toEqual([]);
    expect(viaSql('User', filter)).toEqual({ names: [] });
  });

  it('leaves the data alone', () => {
    expect(allIds('User')).toHaveLength(15);
  });

  it('binds attribute paths too, so a URN with quotes in it never reaches SQL text', () => {
    const where = compile('User', `${ENTERPRISE}:manager.value eq "m"`);
    expect(where.sql).not.toContain(ENTERPRISE);
    expect(where.params).toContain(`$."${ENTERPRISE}"."manager"."value"`);
  });
});

describe('compileFilter rejects filters that mean nothing (400 invalidFilter), as the evaluator does', () => {
  const invalid: [ResourceTypeName, string][] = [
    ['User', 'nosuch eq "x"'],
    ['User', 'name.nosuch eq "x"'],
    ['User', `${ENTERPRISE}:nosuch pr`],
    ['User', 'urn:example:unknown:schema:attr eq "x"'],
    ['Group', 'userName eq "x"'],
    ['User', 'name eq "x"'],
    ['User', 'name eq null'],
    ['User', `${ENTERPRISE}:manager eq "x"`],
    ['User', 'meta eq "x"'],
    ['User', 'active gt true'],
    ['User', 'active co true'],
    ['User', 'active eq "true"'],
    ['User', 'userName eq 5'],
    ['User', 'title sw 5'],
    ['User', 'userName eq true'],
    ['User', 'userName gt true'],
    ['User', 'active gt "x"'],
    ['User', 'emails.primary eq "true"'],
    ['User', 'name.familyName eq 1'],
    ['User', 'meta.created eq true'],
    ['User', 'emails[type eq "work"].nosuch eq "x"'],
    ['User', 'emails[type eq "work"].value gt false'],
    ['User', 'emails.value gt 1'],
    ['User', 'meta.created gt 5'],
    ['User', 'meta.created gt "yesterday"'],
    ['User', 'userName gt null'],
    ['User', 'addresses eq "x"'],
    ['User', 'addresses co "x"'],
    ['User', 'addresses eq null'],
    ['User', 'x509Certificates eq "x"'],
    ['User', 'emails[nosuch eq "x"]'],
    ['User', 'userName[value eq "x"]'],
    ['User', 'emails.value[type eq "x"]'],
    ['User', 'emails[type eq "work" and emails[value pr]]'],
    ['User', 'emails[addresses[type pr]]'],
    ['Group', 'members[type eq "User" and members[value pr]]'],
  ];

  it.each(invalid)('%s: %s', (type, filter) => {
    expectInvalidFilter(() => compile(type, filter));
    expectInvalidFilter(() => matchesFilter({}, parseFilter(filter), RESOURCE_SCHEMAS[type]));
    expect(viaSql(type, filter)).toEqual({ error: '400 invalidFilter' });
  });

  it('rejects a nested value filter even when it is built by hand', () => {
    const nested = {
      op: '[]',
      attrPath: 'emails',
      valFilter: { op: '[]', attrPath: 'addresses', valFilter: { op: 'pr', attrPath: 'type' } },
    } as const;
    expectInvalidFilter(() => compileFilter(nested, RESOURCE_SCHEMAS.User, resourceSqlMap('User')));
  });
});

describe('meta.location, which is not stored', () => {
  const location = () => workbench.resources.get(ctx, 'User', idOf.get('ivan')!).meta as { location: string };

  it('is compared against <baseUrl>/<endpoint>/<id> when the map knows the base URL', () => {
    for (const filter of [
      `meta.location eq "${location().location}"`,
      'meta.location co "/Users/"',
      'meta.location sw "http://x/scim/v2/users/"',
      'meta.location pr',
      'not (meta.location ew "0")',
    ]) {
      const names = runCompiled('User', filter, BASE_URL);
      expect({ names }, filter).toEqual(viaEvaluator('User', filter));
    }
    expect(runCompiled('User', `meta.location eq "${location().location}"`, BASE_URL)).toEqual(['ivan']);
    expect(runCompiled('Group', `meta.location sw "${BASE_URL}/Groups/"`, BASE_URL)).toHaveLength(5);
  });

  it('can only be tested with pr when it does not', () => {
    expect(runCompiled('User', 'meta.location pr')).toHaveLength(15);
    expectInvalidFilter(() => compile('User', 'meta.location co "/Users/"'));
  });
});

describe('index use', () => {
  function plan(type: ResourceTypeName, filter: string): string[] {
    const where = compile(type, filter);
    const rows = workbench.db.prepare(`EXPLAIN QUERY PLAN ${listSql(type, where.sql)}`).all(ctx.workspaceId, ...where.params, 1000, 0) as { detail: string }[];
    return rows.map((row) => row.detail);
  }

  it.each([
    ['User', 'userName eq "Alice@Example.com"', 'resources_user_name'],
    ['User', 'externalId eq "EXT-Alice"', 'resources_external_id'],
    ['Group', 'externalId eq "G-ENG"', 'resources_external_id'],
    ['Group', 'displayName eq "Engineering"', 'resources_display_name'],
    ['User', 'id eq "abc"', 'sqlite_autoindex_resources_1'],
  ] as const)('%s %s seeks %s', (type, filter, index) => {
    const details = plan(type, filter);
    expect(
      details.some((detail) => detail.startsWith('SEARCH r') && detail.includes(index)),
      details.join('\n'),
    ).toBe(true);
    expect(
      details.some((detail) => /^SCAN r\b/.test(detail)),
      details.join('\n'),
    ).toBe(false);
  });
});
