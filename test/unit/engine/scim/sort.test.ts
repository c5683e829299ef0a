import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/engine/scim/errors';
import { compileSort } from '../../../../src/engine/scim/filter/sort-to-sql';
import { RESOURCE_SCHEMAS } from '../../../../src/engine/scim/schemas';
import { URN } from '../../../../src/engine/scim/urns';
import { resourceSqlMap } from '../../../../src/engine/store/resource-sql-map';
import { openWorkbench, type Workbench } from '../../../../src/engine/workbench';
import { sortResources } from '../../../support/sort-oracle';

/** sortBy / sortOrder (RFC 7644 §3.4.2.3) through ResourceService.list, against hand-written orders and the JS oracle. */

const ENTERPRISE = URN.enterpriseUser;
let workbench: Workbench;
let ctx: { workspaceId: number; baseUrl: string };
const nameOf = new Map<string, string>();

beforeAll(() => {
  workbench = openWorkbench({ dbPath: ':memory:' });
  ctx = { workspaceId: workbench.workspaces.ensureDefault().id, baseUrl: 'http://x/scim/v2' };
  const users: Record<string, unknown>[] = [
    {
      userName: 'carol',
      displayName: 'carol B',
      active: true,
      emails: [
        { value: 'z@x', type: 'home' },
        { value: 'a@x', type: 'work', primary: true },
      ],
    },
    { userName: 'Alice', displayName: 'Zed', active: false, emails: [{ value: 'm@x', type: 'work' }], name: { familyName: 'Zulu' } },
    { userName: 'bob', active: true, name: { familyName: 'alpha' }, [ENTERPRISE]: { department: 'Sales', employeeNumber: '10' } },
    {
      userName: 'Dave',
      displayName: 'alice',
      emails: [{ type: 'work' }, { value: 'b@x', type: 'home' }],
      [ENTERPRISE]: { department: 'eng', employeeNumber: '9' },
    },
    { userName: 'erin', displayName: 'Carol A', name: { familyName: 'Alpha' } },
  ];
  for (const body of users) {
    const schemas = [URN.user, ...(ENTERPRISE in body ? [ENTERPRISE] : [])];
    const created = workbench.resources.create(ctx, 'User', { schemas, ...body });
    nameOf.set(created.id as string, body.userName as string);
  }
});
afterAll(() => workbench.close());

const names = (sortBy?: string, sortOrder?: string) =>
  workbench.resources.list(ctx, 'User', { sortBy, sortOrder }).Resources.map((resource) => nameOf.get(resource.id as string));

function errorOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return `${error.status} ${error.scimType}`;
    throw error;
  }
  return 'no error';
}

describe('sortBy', () => {
  it('keeps creation order without sortBy', () => {
    expect(names()).toEqual(['carol', 'Alice', 'bob', 'Dave', 'erin']);
  });

  it('sorts strings that are not caseExact case-insensitively, ascending by default', () => {
    expect(names('userName')).toEqual(['Alice', 'bob', 'carol', 'Dave', 'erin']);
    expect(names('USERNAME', 'DESCENDING')).toEqual(['erin', 'Dave', 'carol', 'bob', 'Alice']);
  });

  it('puts resources without the attribute last ascending and first descending, ties in creation order', () => {
    expect(names('displayName')).toEqual(['Dave', 'erin', 'carol', 'Alice', 'bob']);
    expect(names('displayName', 'descending')).toEqual(['bob', 'Alice', 'carol', 'erin', 'Dave']);
    // bob and erin tie on "alpha": creation order both ways.
    expect(names('name.familyName')).toEqual(['bob', 'erin', 'Alice', 'carol', 'Dave']);
    expect(names('name.familyName', 'descending')).toEqual(['carol', 'Dave', 'Alice', 'bob', 'erin']);
  });

  it('sorts a multi-valued attribute by its primary value, else the first one there is', () => {
    // carol: primary a@x; Alice: m@x; Dave: first email has no value, so b@x.
    expect(names('emails')).toEqual(['carol', 'Dave', 'Alice', 'bob', 'erin']);
    expect(names('emails.value')).toEqual(['carol', 'Dave', 'Alice', 'bob', 'erin']);
    // carol's primary is work; Dave's first is work.
    expect(names('emails.type')).toEqual(['carol', 'Alice', 'Dave', 'bob', 'erin']);
  });

  it('sorts booleans false first, and URN-qualified extension attributes as strings', () => {
    expect(names('active')).toEqual(['Alice', 'carol', 'bob', 'Dave', 'erin']);
    expect(names(`${ENTERPRISE}:department`)).toEqual(['Dave', 'bob', 'carol', 'Alice', 'erin']);
    // employeeNumber is a string: "10" < "9".
    expect(names(`${ENTERPRISE}:employeeNumber`)).toEqual(['bob', 'Dave', 'carol', 'Alice', 'erin']);
    expect(names('urn:ietf:params:scim:schemas:core:2.0:User:userName')).toEqual(names('userName'));
  });

  it('sorts by meta.created and id', () => {
    expect(names('meta.created')).toEqual(names());
    expect(names('meta.lastModified', 'descending')).toHaveLength(5);
    const byId = [...nameOf.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, name]) => name);
    expect(names('id')).toEqual(byId);
  });

  it('agrees with the JS oracle on every sortable path', () => {
    const all = workbench.resources.list(ctx, 'User', {}).Resources;
    for (const sortBy of [
      'userName',
      'displayName',
      'name.familyName',
      'emails',
      'emails.type',
      'emails.primary',
      'active',
      `${ENTERPRISE}:department`,
      'id',
      'meta.created',
    ]) {
      for (const sortOrder of ['ascending', 'descending'] as const) {
        const expected = sortResources(all, sortBy, sortOrder, RESOURCE_SCHEMAS.User).map((resource) => nameOf.get(resource.id as string));
        expect(names(sortBy, sortOrder), `${sortBy} ${sortOrder}`).toEqual(expected);
      }
    }
  });

  it('sorts and filters together, and pages over the sorted list', () => {
    const page = workbench.resources.list(ctx, 'User', { filter: 'active pr', sortBy: 'userName', startIndex: 2, count: 1 });
    expect(page.totalResults).toBe(3);
    expect(page.Resources.map((resource) => nameOf.get(resource.id as string))).toEqual(['bob']);
  });

  it.each([
    ['nosuch', undefined],
    ['name', undefined],
    ['name.nosuch', undefined],
    ['addresses', undefined],
    ['x509Certificates', undefined],
    ['', undefined],
    ['userName"); DROP TABLE resources; --', undefined],
    ['userName', 'up'],
    ['userName', ''],
    [undefined, 'sideways'],
  ])('rejects sortBy %j sortOrder %j with 400 invalidValue', (sortBy, sortOrder) => {
    expect(errorOf(() => workbench.resources.list(ctx, 'User', { sortBy, sortOrder }))).toBe('400 invalidValue');
  });

  it('binds the attribute path, never writes it into SQL', () => {
    const order = compileSort(`${ENTERPRISE}:department`, 'descending', RESOURCE_SCHEMAS.User, resourceSqlMap('User'))!;
    expect(order.sql).not.toContain(ENTERPRISE);
    expect(order.params).toContain(`$."${ENTERPRISE}"."department"`);
  });
});

describe('sortBy on Groups', () => {
  it('sorts by displayName (an index column) and by members', () => {
    const ids = [...nameOf.keys()];
    const make = (displayName: string, members: string[]) =>
      workbench.resources.create(ctx, 'Group', { schemas: [URN.group], displayName, members: members.map((value) => ({ value })) }).id as string;
    const groupName = new Map<string, string>();
    groupName.set(make('beta', [ids[1]!]), 'beta');
    groupName.set(make('Alpha', []), 'Alpha');
    groupName.set(make('gamma', [ids[0]!, ids[1]!]), 'gamma');
    const order = (sortBy: string, sortOrder?: string) =>
      workbench.resources.list(ctx, 'Group', { sortBy, sortOrder }).Resources.map((group) => groupName.get(group.id as string));
    expect(order('displayName')).toEqual(['Alpha', 'beta', 'gamma']);
    expect(order('displayName', 'descending')).toEqual(['gamma', 'beta', 'Alpha']);
    // members.display: gamma's first member (by creation) is carol ("carol B"), beta's is Alice ("Zed").
    expect(order('members.display')).toEqual(['gamma', 'beta', 'Alpha']);
    const all = workbench.resources.list(ctx, 'Group', {}).Resources;
    for (const sortBy of ['members', 'members.display', 'members.type', 'displayName']) {
      const expected = sortResources(all, sortBy, 'ascending', RESOURCE_SCHEMAS.Group).map((group) => groupName.get(group.id as string));
      expect(order(sortBy), sortBy).toEqual(expected);
    }
    // A user's derived `groups` sort by the first group (in the groups' creation order).
    const users = workbench.resources.list(ctx, 'User', {}).Resources;
    for (const sortBy of ['groups', 'groups.display']) {
      for (const sortOrder of ['ascending', 'descending'] as const) {
        const expected = sortResources(users, sortBy, sortOrder, RESOURCE_SCHEMAS.User).map((user) => nameOf.get(user.id as string));
        expect(names(sortBy, sortOrder), `${sortBy} ${sortOrder}`).toEqual(expected);
      }
    }
    expect(names('groups.display')).toEqual(['Alice', 'carol', 'bob', 'Dave', 'erin']);
  });
});

describe('totalResults with sortBy', () => {
  it("is the filter's count whatever the order, and follows writes (the count cache is keyed by the filter)", () => {
    const total = (sortBy?: string) => workbench.resources.list(ctx, 'User', { filter: 'userName pr', sortBy, count: 1 }).totalResults;
    const before = total();
    expect(total('displayName')).toBe(before);
    expect(total('emails')).toBe(before);
    workbench.resources.create(ctx, 'User', { schemas: [URN.user], userName: 'zack' });
    expect(total('displayName')).toBe(before + 1);
    expect(total()).toBe(before + 1);
  });
});
