import { describe, expect, it } from 'vitest';
import { COMPATIBILITY_MODES } from '../../../src/engine/compat/modes';
import { REPROVISION_SETTINGS } from '../../../src/engine/settings/reprovision';
import { DEFAULT_SETTINGS, parseSettings } from '../../../src/engine/settings/workspace-settings';
import { COMPATIBILITY_CHOICES, EXTENSIONS_EXAMPLE, REPROVISION_CHOICES } from '../../../src/shared/workspace-setting-choices';

/** The inspector's settings form offers exactly what the engine accepts, no more and no less. */
describe('workspace setting choices', () => {
  it('are the compatibility modes the engine knows, default first', () => {
    expect(COMPATIBILITY_CHOICES.map((choice) => choice.value)).toEqual([...COMPATIBILITY_MODES]);
    expect(COMPATIBILITY_CHOICES[0]!.value).toBe(DEFAULT_SETTINGS.compatibility);
  });

  it('are the reprovision settings the engine knows, default first', () => {
    expect(REPROVISION_CHOICES.map((choice) => choice.value)).toEqual([...REPROVISION_SETTINGS]);
    expect(REPROVISION_CHOICES[0]!.value).toBe(DEFAULT_SETTINGS.reprovision);
  });

  it('offer an extensions example the engine accepts', () => {
    expect(parseSettings({ extensions: JSON.parse(EXTENSIONS_EXAMPLE) }).extensions).toHaveLength(1);
  });
});
