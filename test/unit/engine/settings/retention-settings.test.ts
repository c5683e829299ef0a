import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, parseRetention } from '../../../../src/engine/settings/retention-settings';
import { DEFAULT_SETTINGS, parseSettings } from '../../../../src/engine/settings/workspace-settings';
import { openWorkbench } from '../../../../src/engine/workbench';

describe('retention settings', () => {
  it('default to a busy week, each limit on', () => {
    expect(DEFAULT_SETTINGS.retention).toEqual({ days: 7, exchanges: 250_000, megabytes: 1_000 });
    expect(parseSettings({}).retention).toEqual(DEFAULT_RETENTION);
  });

  it('take the limits given, keep the others, and turn a limit off with null', () => {
    expect(parseRetention({ days: 30 })).toEqual({ ...DEFAULT_RETENTION, days: 30 });
    expect(parseRetention({ megabytes: null }, { days: 2, exchanges: 10, megabytes: 5 })).toEqual({ days: 2, exchanges: 10, megabytes: null });
    expect(parseSettings({ retention: { days: null, exchanges: null, megabytes: null } }).retention).toEqual({ days: null, exchanges: null, megabytes: null });
  });

  it.each([
    [{ days: 0 }, 'Setting "retention.days" must be a whole number of days from 1 to 3650, or off (null); got 0.'],
    [{ days: -1 }, 'Setting "retention.days" must be a whole number of days from 1 to 3650, or off (null); got -1.'],
    [{ days: 3651 }, 'from 1 to 3650'],
    [{ exchanges: 1.5 }, 'Setting "retention.exchanges" must be a whole number of exchanges from 1 to 100000000, or off (null); got 1.5.'],
    [{ megabytes: '100' }, 'Setting "retention.megabytes" must be a whole number of megabytes from 1 to 1000000, or off (null); got "100".'],
    [{ megabytes: false }, 'got false'],
    [{ weeks: 2 }, 'Unknown retention limit "retention.weeks"; known: days, exchanges, megabytes.'],
  ])('refuse %j with a message naming the limit and what is allowed', (input, message) => {
    expect(() => parseSettings({ retention: input })).toThrow(message);
  });

  it.each([[7], [null], ['7 days'], [[7]]])('refuse a retention that is not an object (%j)', (input) => {
    expect(() => parseSettings({ retention: input })).toThrow(/Setting "retention" must be an object such as \{"days": 7/);
  });

  it('are stored per workspace; a bad value stores nothing, not even the good keys beside it', () => {
    const workbench = openWorkbench({ dbPath: ':memory:' });
    try {
      workbench.workspaces.create('okta');
      workbench.workspaces.configure('okta', { retention: { days: 3 } });
      expect(() => workbench.workspaces.configure('okta', { reprovision: 'conflict', retention: { exchanges: 0 } })).toThrow(/retention\.exchanges/);
      expect(workbench.workspaces.find('okta')!.settings).toEqual({ ...DEFAULT_SETTINGS, retention: { ...DEFAULT_RETENTION, days: 3 } });
      expect(workbench.workspaces.find('default')!.settings.retention).toEqual(DEFAULT_RETENTION);
    } finally {
      workbench.close();
    }
  });
});
