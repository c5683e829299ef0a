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
    return { names: run().map((id) => nameOf.get(id) ?? id).sort() };
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
    return allIds(type).filter((id) =>
      matchesFilter(workbench.resources.get(ctx, type, id), parsed, RESOURCE_SCHEMAS[type]),
    );
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
  ['User', 'addresses[locality eq "berlin"]', ['carol.smith']],
  ['User', 'addresses.country eq "FR" or addresses.country eq "de"', ['carol.smith', 'grace']],
  ['User', 'addresses pr', ['carol.smith', 'grace']],
  ['User', 'addresses.primary eq true', ['grace']],
  ['User', 'phoneNumbers co "555"', ['mallory']],
  ['User', 'ims[type eq "XMPP"]', ['niaj']],
  ['User', 'roles eq "admin"', ['niaj']],
  ['User', 'x509Certificates pr', []],
  ['User', 'emails.type ne "work"'],
  ['User', 'emails ne "grace@x.example"'],
  ['User', 'not (emails.type eq "work")'],
  ['User', 'emails.value eq null'],
  ['User', 'emails eq null'],
  ['User', 'emails.value ne null'],
  ['User', 'emails.type eq null'],
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
  ['User', `meta.lastModified gt "${at(19)}"`, ['heidi']],
  ['User', 'meta.created sw "2024-03-01T09:01"', ['Alice@Example.com']],
  ['User', 'meta.resourceType eq "User"'],
  ['User', 'meta.resourceType eq "user"', []],
  ['User', 'meta.version eq "W/\\"2\\""', ['heidi']],
  ['User', 'meta pr'],
  ['User', 'meta.location pr'],
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
    ['Group', `members.value eq "${id('Alice@Example.com')}"`, ['Admins', 'Engineering']],
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
    if (process.env.DBG) console.log('DBG', filter, JSON.stringify(sql), JSON.stringify(viaEvaluator(type, filter)));
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
