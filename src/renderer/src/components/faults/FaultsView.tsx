import { useEffect, useState } from 'react';
import { askConfirm } from '../../store/dialog';
import { useConnection } from '../../store/connection';
import { useFaults } from '../../store/faults';
import { useWorkspaces } from '../../store/workspaces';
import { emptyRuleForm, formFromRule, type RuleForm } from '../../faults/rule-form';
import { FaultRuleForm } from './FaultRuleForm';
import { FaultRuleList } from './FaultRuleList';
import { HeldPanel } from './HeldPanel';
import { PresetPicker } from './PresetPicker';

/** What the form edits: a new rule (from scratch or a preset) or a stored one. */
export interface RuleEditing {
  id?: number;
  form: RuleForm;
  /** The preset it started from, said above the form. */
  preset?: string;
}

/**
 * The chaos lab: the exchanges held at breakpoints now, and the picked workspace's fault rules —
 * listed in words, switched on and off, added from a preset or a form, edited, deleted, and moved
 * in and out as a rules file (the same file as `scim-workbench faults export|import`).
 */
export function FaultsView() {
  const client = useConnection((state) => state.client);
  const workspace = useWorkspaces((state) => state.current);
  const { rules, loading, message, load } = useFaults();
  const [editing, setEditing] = useState<RuleEditing>();

  useEffect(() => {
    useFaults.getState().watch(true);
    return () => useFaults.getState().watch(false);
  }, []);
  useEffect(() => {
    // Another workspace: its rules, and no form left over from the last one.
    setEditing(undefined);
    if (client) void load(client, workspace);
  }, [client, workspace, load]);
  if (!client) return null;

  const closeForm = () => {
    setEditing(undefined);
    // Focus would fall to the page with the form gone: back to the list's rule (or New rule with none), once rendered.
    requestAnimationFrame(() =>
      (document.querySelector<HTMLElement>('[data-testid="fault-rule"][tabindex="0"]') ?? document.getElementById('new-fault-rule'))?.focus(),
    );
  };

  const importRules = async (file: File) => {
    // Read first: a file that is not one is said without asking anything.
    const rulesFile = await useFaults.getState().readRulesFile(file);
    if (!rulesFile) return;
    if (rules.length > 0) {
      const replace = await askConfirm(
        'Replace the rules?',
        `Importing ${file.name} replaces the ${rules.length} ${rules.length === 1 ? 'rule' : 'rules'} of workspace “${workspace}”.`,
        'Replace',
      );
      if (!replace) return;
    }
    await useFaults.getState().importRules(client, file.name, rulesFile);
  };

  return (
    <main className="faults-view" aria-label="Faults">
      <HeldPanel />
      <section aria-labelledby="fault-rules-title" className="fault-rules">
        <h2 id="fault-rules-title">Fault rules of workspace “{workspace}”</h2>
        <p className="hint">
          Each SCIM request to this workspace is checked against the rules in order; the first enabled rule that matches acts on it. Exchanges it acted on are
          marked in Traffic.
        </p>
        <div className="tunnel-actions">
          <button type="button" id="new-fault-rule" onClick={() => setEditing({ form: emptyRuleForm() })}>
            New rule
          </button>
          <PresetPicker onPick={(preset) => setEditing({ form: formFromRule(preset.rule), preset: preset.name })} />
          <button type="button" onClick={() => void useFaults.getState().exportFile(client)}>
            Export JSON
          </button>
          <label className="file-button">
            Import JSON
            <input
              type="file"
              accept="application/json,.json"
              aria-label="Import fault rules file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void importRules(file);
              }}
            />
          </label>
        </div>
        {message && (
          <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : undefined} data-testid="faults-message">
            {message.text}
          </p>
        )}
        {editing && <FaultRuleForm key={`${editing.id ?? 'new'}-${editing.preset ?? ''}`} editing={editing} onDone={closeForm} />}
        {loading && rules.length === 0 ? (
          <p className="empty">Reading the rules…</p>
        ) : (
          <FaultRuleList rules={rules} onEdit={(rule) => setEditing({ id: rule.id, form: formFromRule(rule) })} />
        )}
      </section>
    </main>
  );
}
