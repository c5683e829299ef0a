import { describe, expect, it } from 'vitest';
import { stepDependencies } from '../../../../src/engine/replay/step-dependencies';
import type { ReplayStep } from '../../../../src/engine/replay/replay-steps';

/** One recorded step: request, and the recorded answer's body (status 200 unless given). */
function step(method: string, path: string, body: unknown, answer: unknown, status = 200): ReplayStep {
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    method,
    path,
    headers: {},
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    recorded: { status, body: answer === undefined ? null : JSON.stringify(answer) },
  };
}

const user = (id: string, userName: string, extra: Record<string, unknown> = {}) => ({ id, userName, ...extra });
const list = (...resources: unknown[]) => ({ totalResults: resources.length, Resources: resources });
const patch = (...operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations });
const filter = (text: string) => `?filter=${encodeURIComponent(text)}`;

/** Each row: the step, and the earlier steps (by index) it waits for directly. */
function expectTable(rows: [ReplayStep, number[]][]) {
  const dependencies = stepDependencies(rows.map(([recorded]) => recorded));
  expect(dependencies.map((waitsFor, index) => `${index} ${rows[index]![0].method} ${rows[index]![0].path} ← [${waitsFor.join(',')}]`)).toEqual(
    rows.map(([recorded, waitsFor], index) => `${index} ${recorded.method} ${recorded.path} ← [${waitsFor.join(',')}]`),
  );
}

describe('stepDependencies: which recorded steps a concurrent replay waits for', () => {
  it('an IdP session: lookups, creates, patches, member adds, a list in the middle, renames and deletes', () => {
    expectTable([
      /* 0 */ [step('GET', `/Users${filter('userName eq "alice"')}`, undefined, list()), []],
      // The create of the name the lookup asked for waits for it; another user's does not.
      /* 1 */ [step('POST', '/Users', { userName: 'alice' }, user('u1', 'alice'), 201), [0]],
      /* 2 */ [step('POST', '/Users', { userName: 'bob' }, user('u2', 'bob'), 201), []],
      /* 3 */ [step('PATCH', '/Users/u1', patch({ op: 'replace', path: 'displayName', value: 'Alice' }), user('u1', 'alice')), [1]],
      /* 4 */ [step('POST', '/Groups', { displayName: 'Staff' }, { id: 'g1', displayName: 'Staff' }, 201), []],
      // Adding members waits for the group and for each member's last step.
      /* 5 */ [step('PATCH', '/Groups/g1', patch({ op: 'add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] }), undefined, 204), [2, 3, 4]],
      /* 6 */ [step('GET', '/Users/u2', undefined, user('u2', 'bob', { groups: [{ value: 'g1' }] })), [5]],
      // A list is a barrier: it waits for everything before it, everything after waits for it.
      /* 7 */ [step('GET', `/Users${filter('active eq true')}`, undefined, list(user('u1', 'alice'), user('u2', 'bob'))), [0, 1, 2, 3, 4, 5, 6]],
      /* 8 */ [step('GET', '/Users/u1', undefined, user('u1', 'alice')), [7]],
      // A rename of a group member: it also touches the group (the group shows its members' names).
      /* 9 */ [step('PATCH', '/Users/u2', patch({ op: 'replace', path: 'userName', value: 'carol' }), user('u2', 'carol')), [7]],
      // A lookup of the old name waits for the rename that took it away.
      /* 10 */ [step('GET', `/Users${filter('userName eq "bob"')}`, undefined, list()), [7, 9]],
      // Deleting the group changes how its members read: it waits for the reads of them.
      /* 11 */ [step('DELETE', '/Groups/g1', undefined, undefined, 204), [7, 8, 9]],
      // Deleting a user frees its name and drops it from its groups.
      /* 12 */ [step('DELETE', '/Users/u1', undefined, undefined, 204), [7, 8, 11]],
      /* 13 */ [step('POST', '/Users', { userName: 'alice' }, user('u3', 'alice'), 201), [7, 12]],
    ]);
  });

  it('barriers: /Bulk, discovery, .search, /Me, an unknown path or method, a body that is not JSON', () => {
    expectTable([
      [step('POST', '/Users', { userName: 'a' }, user('u1', 'a'), 201), []],
      [step('POST', '/Bulk', { Operations: [] }, { Operations: [] }), [0]],
      [step('POST', '/Users', { userName: 'b' }, user('u2', 'b'), 201), [1]],
      [step('POST', '/Users', { userName: 'c' }, user('u3', 'c'), 201), [1]],
      [step('GET', '/ServiceProviderConfig', undefined, {}), [1, 2, 3]],
      [step('POST', '/Users/.search', { filter: 'userName eq "a"' }, list()), [4]],
      [step('GET', '/Me', undefined, {}), [5]],
      [step('GET', '/Widgets/1', undefined, {}), [6]],
      [step('HEAD', '/Users/u1', undefined, undefined), [7]],
      [step('POST', '/Users', '<user>d</user>', undefined, 400), [8]],
      [step('GET', '/Users', undefined, list()), [9]],
      [step('GET', `/Users${filter('emails.value eq "a@example.com"')}`, undefined, list()), [10]],
    ]);
  });

  it('a lookup that found a resource comes before the steps that use the id it taught', () => {
    expectTable([
      [step('GET', `/Users${filter('userName eq "dave"')}`, undefined, list(user('u9', 'dave'))), []],
      [step('GET', `/Groups${filter('displayName eq "Ops"')}`, undefined, list({ id: 'g9', displayName: 'Ops' })), []],
      [step('PATCH', '/Users/u9', patch({ op: 'replace', path: 'active', value: false }), user('u9', 'dave')), [0]],
      [step('GET', `/Users${filter('id eq "u9"')}`, undefined, list(user('u9', 'dave'))), [2]],
      [step('PATCH', '/Groups/g9', patch({ op: 'remove', path: 'members[value eq "u9"]' }), undefined, 204), [1, 3]],
    ]);
  });

  it('adding a member does not touch the group’s other members; replacing the members does', () => {
    const userName = (id: string, name: string) => step('GET', `/Users/${id}?attributes=userName`, undefined, user(id, name));
    expectTable([
      [step('POST', '/Groups', { displayName: 'G', members: [{ value: 'u1' }] }, { id: 'g1', displayName: 'G', members: [{ value: 'u1' }] }, 201), []],
      [step('PATCH', '/Groups/g1', patch({ op: 'add', path: 'members', value: [{ value: 'u2' }] }), undefined, 204), [0]],
      // u1's read waits for its group's creation, not for u2 joining.
      [userName('u1', 'a'), [0]],
      // Replaces every member: u1 and u2 read differently after it, so it waits for both and they wait for it.
      [step('PUT', '/Groups/g1', { displayName: 'G', members: [] }, { id: 'g1', displayName: 'G' }), [1, 2]],
      [userName('u2', 'b'), [3]],
      // Removing the members it names (Entra's shape, or by filter) touches only them; without names it empties the group.
      [step('PATCH', '/Groups/g1', patch({ op: 'Remove', path: 'members', value: [{ value: 'u2' }] }), undefined, 204), [3, 4]],
      [step('PATCH', '/Groups/g1', patch({ op: 'remove', path: 'members[value eq "u2"]' }), undefined, 204), [5]],
      [userName('u1', 'a'), [2, 3]],
      [step('PATCH', '/Groups/g1', patch({ op: 'remove', path: 'members' }), undefined, 204), [6, 7]],
      // A write to a user may show in its groups (their members' display names): it touches the group.
      [step('PATCH', '/Users/u1', patch({ op: 'replace', path: 'title', value: 'x' }), user('u1', 'a')), [7, 8]],
      [step('GET', '/Groups/g1', undefined, { id: 'g1', displayName: 'G' }), [8, 9]],
    ]);
  });

  it('names match case-insensitively, and a group and a user with the same display name are kept in order', () => {
    expectTable([
      [step('POST', '/Users', { userName: 'Erin@Example.com' }, user('u1', 'Erin@Example.com'), 201), []],
      [step('POST', '/Users', { userName: 'erin@example.com' }, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409' }, 409), [0]],
      [step('POST', '/Groups', { displayName: 'Sales' }, { id: 'g1', displayName: 'Sales' }, 201), []],
      [step('GET', `/Users${filter('displayName eq "sales"')}`, undefined, list()), [2]],
    ]);
  });
});
