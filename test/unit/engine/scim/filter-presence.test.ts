import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterPredicate } from '../../../../src/engine/scim/filter/evaluate';
import { parseFilter } from '../../../../src/engine/scim/filter/parse';
import { RESOURCE_SCHEMAS } from '../../../../src/engine/scim/schemas';
import { URN } from '../../../../src/engine/scim/urns';
import { openWorkbench, type Workbench } from '../../../../src/engine/workbench';

/**
 * `pr` (RFC 7644 §3.4.2.2): "a non-empty value, or a non-empty node for complex attributes".
 * An object whose sub-attributes are all empty, and a multi-valued attribute whose elements
 * are all empty, are not present, in SQL and in the evaluator alike.
 */

const ENTERPRISE = URN.enterpriseUser;
let workbench: Workbench;
let ctx: { workspaceId: number; baseUrl: string };
const nameOf = new Map<string, string>();

beforeAll(() => {
  workbench = openWorkbench({ dbPath: ':memory:' });
  ctx = { workspaceId: workbench.workspaces.ensureDefault().id, baseUrl: 'http://x/scim/v2' };
  const users: Record<string, unknown>[] = [
    { userName: 'emptyName', name: { givenName: '' } },
    { userName: 'fullName', name: { givenName: 'F' } },
    { userName: 'emptyEmailValue', emails: [{ value: '' }] },
    { userName: 'emptyEmailObject', emails: [{}] },
    { userName: 'oneGoodEmail', emails: [{ value: '' }, { value: 'x@y', type: 'work' }] },
    { userName: 'typeOnlyEmail', emails: [{ type: 'work' }] },
    { userName: 'emptyManager', schemas: [URN.user, ENTERPRISE], [ENTERPRISE]: { manager: { value: '' }, department: 'D' } },
    { userName: 'none' },
  ];
  for (const body of users) {
    const created = workbench.resources.create(ctx, 'User', { schemas: [URN.user], ...body });
    nameOf.set(created.id as string, body.userName as string);
  }
});
afterAll(() => workbench.close());

const viaSql = (filter: string) => workbench.resources.list(ctx, 'User', { filter }).Resources.map((resource) => nameOf.get(resource.id as string));
const viaEvaluator = (filter: string) =>
  workbench.resources
    .list(ctx, 'User', {})
    .Resources.filter(filterPredicate(parseFilter(filter), RESOURCE_SCHEMAS.User))
    .map((resource) => nameOf.get(resource.id as string));

describe('pr on complex and multi-valued attributes', () => {
  it.each([
    ['name pr', ['fullName']],
    ['not (name pr)', ['emptyName', 'emptyEmailValue', 'emptyEmailObject', 'oneGoodEmail', 'typeOnlyEmail', 'emptyManager', 'none']],
    ['emails pr', ['oneGoodEmail', 'typeOnlyEmail']],
    ['emails.value pr', ['oneGoodEmail']],
    ['emails eq null', ['emptyName', 'fullName', 'emptyEmailValue', 'emptyEmailObject', 'emptyManager', 'none']],
    ['emails[value pr]', ['oneGoodEmail']],
    ['emails[type pr]', ['oneGoodEmail', 'typeOnlyEmail']],
    [`${ENTERPRISE}:manager pr`, []],
    [`${ENTERPRISE}:department pr`, ['emptyManager']],
  ])('%s', (filter, expected) => {
    expect(viaSql(filter)).toEqual(expected);
    expect(viaEvaluator(filter)).toEqual(expected);
  });
});
