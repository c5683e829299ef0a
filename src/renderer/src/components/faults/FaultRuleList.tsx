import { useRef, useState, type KeyboardEvent } from 'react';
import type { FaultRule } from '../../../../shared/faults';
import { describeAction, describeMatch } from '../../faults/rule-words';
import { nextListIndex } from '../../list-keys';
import { useConnection } from '../../store/connection';
import { askConfirm } from '../../store/dialog';
import { useFaults } from '../../store/faults';

/**
 * The workspace's rules in order, each in words (what it matches, what it does, how often it has
 * fired). By keyboard, as the other lists: ↑/↓/Home/End move between rules (one tab stop), Space
 * switches the rule on or off, Enter edits it, Delete deletes it after asking.
 */
export function FaultRuleList({ rules, onEdit }: { rules: FaultRule[]; onEdit(rule: FaultRule): void }) {
  const client = useConnection((state) => state.client)!;
  const [active, setActive] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  if (rules.length === 0) return <p className="empty">No rules yet: add one from a preset, or write a new rule.</p>;
  const current = Math.min(active, rules.length - 1);

  const remove = async (rule: FaultRule) => {
    if (await askConfirm(`Delete rule “${rule.name}”?`, `${describeMatch(rule.match)} → ${describeAction(rule.action)}. It cannot be undone.`, 'Delete'))
      await useFaults.getState().remove(client, rule);
  };
  const toggle = (rule: FaultRule) => void useFaults.getState().setEnabled(client, rule, !rule.enabled);
  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    // Keys typed on the row's own controls are theirs (Space on the checkbox, Enter on a button).
    if (event.target !== event.currentTarget && (event.target as HTMLElement).closest('input, button, select')) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const rule = rules[current]!;
    const next = nextListIndex(event.key, current, rules.length, 5);
    if (next !== undefined) {
      setActive(next);
      body.current?.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus();
    } else if (event.key === ' ') toggle(rule);
    else if (event.key === 'Enter') onEdit(rule);
    else if (event.key === 'Delete') void remove(rule);
    else return;
    event.preventDefault();
  };

  return (
    <table className="fault-rule-list" aria-label="Fault rules">
      <thead>
        <tr>
          <th scope="col">On</th>
          <th scope="col">Rule</th>
          <th scope="col">Matches</th>
          <th scope="col">Does</th>
          <th scope="col">Fired</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody ref={body} onKeyDown={onKeyDown}>
        {rules.map((rule, index) => (
          <tr
            key={rule.id}
            data-testid="fault-rule"
            data-row-index={index}
            tabIndex={index === current ? 0 : -1}
            aria-label={`${rule.name}, ${rule.enabled ? 'on' : 'off'}`}
            className={rule.enabled ? 'on' : 'off'}
            onFocus={() => setActive(index)}
          >
            <td>
              <input type="checkbox" checked={rule.enabled} aria-label={`Enabled: ${rule.name}`} onChange={() => toggle(rule)} />
            </td>
            <th scope="row">{rule.name}</th>
            <td>{describeMatch(rule.match)}</td>
            <td>{describeAction(rule.action)}</td>
            <td title={`${rule.stats.matched} requests matched since the rule was saved`}>
              {rule.stats.fired} of {rule.stats.matched}
            </td>
            <td className="row-actions">
              <button type="button" onClick={() => onEdit(rule)} aria-label={`Edit ${rule.name}`}>
                Edit
              </button>{' '}
              <button type="button" onClick={() => void remove(rule)} aria-label={`Delete ${rule.name}`}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
