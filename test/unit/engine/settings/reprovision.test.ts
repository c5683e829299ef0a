import { describe, expect, it } from 'vitest';
import { COMPATIBILITY_MODES } from '../../../../src/engine/compat/modes';
import { REPROVISION_BY_MODE, reprovisionPolicy } from '../../../../src/engine/settings/reprovision';
import { DEFAULT_SETTINGS, parseSettings } from '../../../../src/engine/settings/workspace-settings';

describe('the reprovision policy a workspace applies', () => {
  it('is left to the mode by default: relink where Okta-style re-POSTs are accepted, off in strict and the Entra modes', () => {
    expect(DEFAULT_SETTINGS.reprovision).toBe('by-mode');
    expect(Object.keys(REPROVISION_BY_MODE).sort()).toEqual([...COMPATIBILITY_MODES].sort());
    const policies = Object.fromEntries(COMPATIBILITY_MODES.map((mode) => [mode, reprovisionPolicy(parseSettings({ compatibility: mode }))]));
    expect(policies).toEqual({ auto: 'relink', okta: 'relink', onelogin: 'relink', strict: 'off', entra: 'off', 'entra-lenient': 'off' });
    expect(reprovisionPolicy(undefined)).toBe('relink');
  });

  it('is the one the user set, whatever the mode', () => {
    for (const reprovision of ['relink', 'conflict', 'off'] as const) {
      expect(reprovisionPolicy(parseSettings({ compatibility: 'entra-lenient', reprovision }))).toBe(reprovision);
      expect(reprovisionPolicy(parseSettings({ compatibility: 'okta', reprovision }))).toBe(reprovision);
    }
  });

  it('follows a change of mode when left to it, and not when set', () => {
    const byMode = parseSettings({ compatibility: 'entra' });
    expect(reprovisionPolicy(parseSettings({ compatibility: 'okta' }, byMode))).toBe('relink');
    const set = parseSettings({ compatibility: 'okta', reprovision: 'relink' });
    expect(reprovisionPolicy(parseSettings({ compatibility: 'entra' }, set))).toBe('relink');
  });
});
