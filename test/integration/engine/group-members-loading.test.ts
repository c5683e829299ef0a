import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResourceStore } from '../../../src/engine/store/resources';
import { URN } from '../../../src/engine/scim/urns';
import { openWorkbench, type Workbench } from '../../../src/engine/workbench';

/**
 * A group of 50,000 members is expensive to serve; a client that says it does not want the
 * members (`excludedAttributes=members`, or `attributes` without them) must not make the
 * engine read them. The real store is used; only its `members` method is watched.
 */
let workbench: Workbench | undefined;
afterEach(() => {
  workbench?.close();
  workbench = undefined;
});

function groupWithMembers(size: number) {
  workbench = openWorkbench({ dbPath: ':memory:' });
  const context = { workspaceId: workbench.workspaces.ensureDefault().id, baseUrl: 'http://127.0.0.1/scim/v2' };
  const ids = Array.from(
    { length: size },
    (_, index) => workbench!.resources.create(context, 'User', { schemas: [URN.user], userName: `member${index}@example.com` }).id as string,
  );
  const group = workbench.resources.create(context, 'Group', {
    schemas: [URN.group],
    displayName: 'Big group',
    members: ids.map((value) => ({ value })),
  });
  const store = (workbench.resources as unknown as { store: ResourceStore }).store;
  return { context, groupId: group.id as string, membersRead: vi.spyOn(store, 'members') };
}

describe('reading a group without its members', () => {
  it.each([
    ['excludedAttributes=members', { excludedAttributes: 'members' }],
    ['attributes=displayName', { attributes: 'displayName' }],
  ])('GET and list with %s never read the members table', (_label, projection) => {
    const { context, groupId, membersRead } = groupWithMembers(25);
    const one = workbench!.resources.get(context, 'Group', groupId, projection);
    const page = workbench!.resources.list(context, 'Group', { ...projection, filter: 'displayName eq "Big group"' });
    expect(one.members).toBeUndefined();
    expect(page.Resources[0]!.members).toBeUndefined();
    expect(page.Resources[0]!.displayName).toBe('Big group');
    expect(membersRead).not.toHaveBeenCalled();
  });

  it('reads them when they are asked for', () => {
    const { context, groupId, membersRead } = groupWithMembers(25);
    expect((workbench!.resources.get(context, 'Group', groupId).members as unknown[]).length).toBe(25);
    expect(membersRead).toHaveBeenCalledTimes(1);
  });
});
