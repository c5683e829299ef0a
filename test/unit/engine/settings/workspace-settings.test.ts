import { describe, expect, it } from 'vitest';
import { RequestNotes } from '../../../../src/engine/compat/notes';
import { DEFAULT_SETTINGS, parseSettings } from '../../../../src/engine/settings/workspace-settings';
import { openWorkbench } from '../../../../src/engine/workbench';

describe('workspace settings', () => {
  it('fills missing keys with defaults and keeps given ones', () => {
    expect(parseSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ compatibility: 'strict' })).toEqual({ ...DEFAULT_SETTINGS, compatibility: 'strict' });
  });

  it.each([
    [{ compatibility: 'azure' }, /compatibility.*one of auto, strict, okta, entra, entra-lenient, onelogin/],
    [{ lenientSchema: 'yes' }, /lenientSchema.*true or false/],
    [{ reprovision: 'merge' }, /reprovision.*by-mode, relink, conflict, off/],
    [{ colour: 'blue' }, /Unknown workspace setting "colour"/],
    [{ extensions: [{ id: 'nope' }] }, /extensions\[0\]\.id must be a URN/],
    [[], /JSON object/],
  ])('refuses %j with a message naming the problem', (input, message) => {
    expect(() => parseSettings(input)).toThrow(message);
  });

  it('are stored per workspace and survive reopening; a bad change stores nothing', () => {
    const workbench = openWorkbench({ dbPath: ':memory:' });
    try {
      workbench.workspaces.create('entra');
      workbench.workspaces.configure('entra', { compatibility: 'entra', reprovision: 'conflict' });
      expect(() => workbench.workspaces.configure('entra', { compatibility: 'nope', lenientSchema: false })).toThrow();
      expect(workbench.workspaces.find('entra')!.settings).toEqual({ ...DEFAULT_SETTINGS, compatibility: 'entra', reprovision: 'conflict' });
      expect(workbench.workspaces.find('default')!.settings).toEqual(DEFAULT_SETTINGS);
      expect(() => workbench.workspaces.configure('missing', {})).toThrow(/No workspace named "missing"/);
    } finally {
      workbench.close();
    }
  });
});

describe('request notes', () => {
  it('accept a habit the mode allows and note it; refuse it in strict mode without a note', () => {
    const entra = new RequestNotes('entra');
    expect(entra.acceptHabit('capitalisedOp', 'op "Replace"')).toBe(true);
    expect(entra.acceptHabit('emailsObject', 'emails as an object')).toBe(false);
    expect(entra.items).toEqual([{ kind: 'normalised', code: 'capitalisedOp', detail: `op "Replace" (normalised from Entra ID's shape)` }]);
    const strict = new RequestNotes('strict');
    expect(strict.acceptHabit('capitalisedOp', 'op "Replace"')).toBe(false);
    expect(strict.items).toEqual([]);
  });
});
