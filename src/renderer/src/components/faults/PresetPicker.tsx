import { useState } from 'react';
import type { FaultPreset } from '../../../../shared/faults';
import { useFaults } from '../../store/faults';

/** The presets, named for the failure they reproduce; picking one fills the rule form with its rule, to check and save. */
export function PresetPicker({ onPick }: { onPick(preset: FaultPreset): void }) {
  const presets = useFaults((state) => state.presets);
  const [chosen, setChosen] = useState('');
  const preset = presets.find((each) => each.id === chosen);
  return (
    <span className="preset-picker">
      {/* Named by a label of its own: a label around a select would also read out every option. */}
      <label htmlFor="fault-preset">Preset</label>
      <select id="fault-preset" value={chosen} onChange={(event) => setChosen(event.target.value)} aria-describedby={preset ? 'preset-description' : undefined}>
        <option value="">Choose a failure…</option>
        {presets.map((each) => (
          <option key={each.id} value={each.id}>
            {each.name}
          </option>
        ))}
      </select>
      <button type="button" disabled={!preset} onClick={() => preset && onPick(preset)}>
        Add from preset
      </button>
      {preset && (
        <span id="preset-description" className="hint">
          {preset.description}
        </span>
      )}
    </span>
  );
}
