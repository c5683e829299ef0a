import { describe, expect, it } from 'vitest';
import { versionSummary } from '../../../../src/engine/recorder/version-summary';

const user = (extra: Record<string, unknown>) => ({ userName: 'jane', active: true, ...extra });

describe('versionSummary', () => {
  it('says what a version did in one line', () => {
    expect(versionSummary({ resourceType: 'User', resourceId: '1', before: null, after: user({}) })).toBe('created');
    expect(versionSummary({ resourceType: 'User', resourceId: '1', before: user({}), after: null })).toBe('deleted');
    expect(versionSummary({ resourceType: 'User', resourceId: '1', before: user({}), after: user({ active: false }) })).toBe('active: true → false');
    expect(
      versionSummary({ resourceType: 'User', resourceId: '1', before: user({ title: 'a' }), after: user({ active: false, nickName: 'j', title: 'b' }) }),
    ).toBe('changed active, title, +nickName');
    expect(versionSummary({ resourceType: 'User', resourceId: '1', before: { userName: 'j' }, after: { userName: 'j', active: false } })).toBe(
      'set active to false',
    );
    expect(versionSummary({ resourceType: 'User', resourceId: '1', before: user({ title: 'a' }), after: user({}) })).toBe('removed title');
  });

  it('names members instead of their ids where it can, and ignores bookkeeping', () => {
    const group = { displayName: 'Admins', meta: { lastModified: '1' } };
    expect(
      versionSummary(
        {
          resourceType: 'Group',
          resourceId: 'g',
          before: group,
          after: { ...group, meta: { lastModified: '2' } },
          membersAdded: ['u1', 'u2'],
          membersRemoved: ['u3'],
        },
        { u1: 'jane@example.com', u3: 'bob@example.com' },
      ),
    ).toBe('members added: jane@example.com, u2 · members removed: bob@example.com');
    expect(versionSummary({ resourceType: 'Group', resourceId: 'g', before: group, after: group })).toBe('no attribute changed');
  });
});
