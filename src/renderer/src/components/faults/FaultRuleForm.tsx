import { useState, type ReactNode } from 'react';
import {
  FAULT_CLIENTS,
  FAULT_LIES,
  FAULT_METHODS,
  FAULT_RESOURCE_TYPES,
  FAULT_SCIM_TYPES,
  type FaultActionKind,
  type FaultLie,
  type FaultScimType,
} from '../../../../shared/faults';
import { fieldOfProblem, LIES_WITH_VALUE, ruleFromForm, type RuleField, type RuleForm } from '../../faults/rule-form';
import { describeAction, describeMatch } from '../../faults/rule-words';
import { useConnection } from '../../store/connection';
import { useFaults } from '../../store/faults';
import type { RuleEditing } from './FaultsView';

const ACTIONS: [FaultActionKind, string][] = [
  ['status', 'Answer an error status'],
  ['latency', 'Add latency'],
  ['timeout', 'Time out (hold past the IdP’s timeout)'],
  ['drop', 'Drop the connection'],
  ['lie', 'Lie in the answer (SCIM-specific)'],
  ['breakpoint', 'Breakpoint (hold for me to edit)'],
];
const LIE_LABELS: Record<FaultLie, string> = {
  totalResults: 'Wrong totalResults',
  itemsPerPage: 'Wrong itemsPerPage',
  missingId: 'Missing id',
  emptyCreatedBody: 'Empty body on 201',
  contentType: 'Wrong Content-Type',
  duplicatePages: 'Duplicate resources across pages',
};
const CLIENT_LABELS = { okta: 'Okta', entra: 'Entra ID', onelogin: 'OneLogin', other: 'Other' } as const;

type Problems = Partial<Record<RuleField, string>>;

/**
 * A rule as a form: what it matches (method, resource type, path pattern, filter text, client;
 * nth / every n-th / probability / time window / count limit) and what it does (the action and its
 * parameters). Checked here first (ruleFromForm), then by the engine; each problem is said beside
 * its field.
 */
export function FaultRuleForm({ editing, onDone }: { editing: RuleEditing; onDone(): void }) {
  const client = useConnection((state) => state.client)!;
  const [form, setForm] = useState(editing.form);
  const [problems, setProblems] = useState<Problems>({});
  const edit = (changes: Partial<RuleForm>) => setForm((before) => ({ ...before, ...changes }));
  const checked = ruleFromForm(form);

  const save = async () => {
    if (checked.problems) {
      setProblems(Object.fromEntries(checked.problems.map((problem) => [problem.field, problem.message])));
      return;
    }
    const outcome = await useFaults.getState().save(client, editing.id, checked.rule);
    if ('saved' in outcome) return onDone();
    setProblems(
      'problems' in outcome
        ? Object.fromEntries(outcome.problems.map((problem) => [fieldOfProblem(problem, form.action), problem.message]))
        : { form: outcome.error },
    );
  };

  const field = (name: RuleField, label: string, input: (props: FieldProps) => ReactNode) => (
    <Field name={name} label={label} problem={problems[name]} input={input} />
  );
  const text =
    (name: keyof RuleForm, props: Record<string, unknown> = {}) =>
    (field: FieldProps) => (
      <input {...field} {...props} value={String(form[name])} onChange={(event) => edit({ [name]: event.target.value } as Partial<RuleForm>)} />
    );

  return (
    <form
      className="fault-rule-form"
      aria-label={editing.id === undefined ? 'New fault rule' : `Edit rule ${editing.form.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onDone();
        }
      }}
    >
      <h3>{editing.id === undefined ? (editing.preset ? `New rule from preset “${editing.preset}”` : 'New rule') : `Edit “${editing.form.name}”`}</h3>
      <div className="fault-form-grid">
        {field('name', 'Name', text('name', { autoFocus: true }))}
        <label className="inline">
          <input type="checkbox" checked={form.enabled} onChange={(event) => edit({ enabled: event.target.checked })} /> Enabled
        </label>
      </div>
      <fieldset>
        <legend>Matches</legend>
        <Choices label="Method" all={FAULT_METHODS} chosen={form.methods} onChange={(methods) => edit({ methods })} />
        <Choices label="Resource type" all={FAULT_RESOURCE_TYPES} chosen={form.resourceTypes} onChange={(resourceTypes) => edit({ resourceTypes })} />
        <Choices label="Client" all={FAULT_CLIENTS} chosen={form.clients} names={CLIENT_LABELS} onChange={(clients) => edit({ clients })} />
        <div className="fault-form-grid">
          {field('path', 'Path pattern', text('path', { placeholder: '/Users/*  (** for any depth)' }))}
          <label>
            Filter
            <select value={form.filterMode} onChange={(event) => edit({ filterMode: event.target.value as RuleForm['filterMode'] })}>
              <option value="contains">contains</option>
              <option value="regex">matches the regex</option>
            </select>
          </label>
          {field('filterText', 'Filter text', text('filterText', { placeholder: 'userName eq' }))}
        </div>
      </fieldset>
      <fieldset>
        <legend>When</legend>
        <div className="fault-form-grid">
          {field('nth', 'Only the nth match', text('nth', { inputMode: 'numeric', placeholder: 'e.g. 3' }))}
          {field('everyNth', 'Every n-th match', text('everyNth', { inputMode: 'numeric', placeholder: 'e.g. 2' }))}
          {field('probabilityPercent', 'Probability (%)', text('probabilityPercent', { inputMode: 'decimal', placeholder: '0–100' }))}
          {field('seed', 'Random seed', text('seed', { inputMode: 'numeric' }))}
          {field('windowFrom', 'From', text('windowFrom', { type: 'datetime-local', step: 1 }))}
          {field('windowTo', 'Until', text('windowTo', { type: 'datetime-local', step: 1 }))}
          {field('limit', 'At most (times)', text('limit', { inputMode: 'numeric' }))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Action</legend>
        <div className="fault-form-grid">
          {field('action', 'Does', (props) => (
            <select {...props} value={form.action} onChange={(event) => edit({ action: event.target.value as FaultActionKind })}>
              {ACTIONS.map(([kind, label]) => (
                <option key={kind} value={kind}>
                  {label}
                </option>
              ))}
            </select>
          ))}
          {form.action === 'status' && (
            <>
              {field('status', 'Status', text('status', { inputMode: 'numeric' }))}
              {field('scimType', 'scimType', (props) => (
                <select {...props} value={form.scimType} onChange={(event) => edit({ scimType: event.target.value as FaultScimType | '' })}>
                  <option value="">none</option>
                  {FAULT_SCIM_TYPES.map((type) => (
                    <option key={type}>{type}</option>
                  ))}
                </select>
              ))}
              {field('retryAfterSeconds', 'Retry-After (s)', text('retryAfterSeconds', { inputMode: 'numeric' }))}
              {field('detail', 'Detail', text('detail'))}
            </>
          )}
          {form.action === 'latency' && field('latencyMs', 'Latency (ms)', text('latencyMs', { inputMode: 'numeric' }))}
          {form.action === 'timeout' && field('timeoutSeconds', 'Hold for (s)', text('timeoutSeconds', { inputMode: 'decimal', placeholder: '120' }))}
          {form.action === 'lie' && (
            <>
              {field('lie', 'Lie', (props) => (
                <select {...props} value={form.lie} onChange={(event) => edit({ lie: event.target.value as FaultLie })}>
                  {FAULT_LIES.map((lie) => (
                    <option key={lie} value={lie}>
                      {LIE_LABELS[lie]}
                    </option>
                  ))}
                </select>
              ))}
              {LIES_WITH_VALUE.includes(form.lie) && field('lieValue', 'Value', text('lieValue', { placeholder: 'default' }))}
            </>
          )}
          {form.action === 'breakpoint' && (
            <>
              {field('stage', 'Stop at', (props) => (
                <select {...props} value={form.stage} onChange={(event) => edit({ stage: event.target.value as RuleForm['stage'] })}>
                  <option value="request">the request, before the engine</option>
                  <option value="response">the answer, before the client</option>
                </select>
              ))}
              {field('breakpointSeconds', 'Release by itself after (s)', text('breakpointSeconds', { inputMode: 'decimal', placeholder: '25' }))}
            </>
          )}
        </div>
      </fieldset>
      {!checked.problems && (
        <p className="hint" data-testid="rule-preview">
          {describeMatch(checked.rule.match ?? {})} → {describeAction(checked.rule.action)}
        </p>
      )}
      {problems.form && (
        <p className="error" role="alert">
          {problems.form}
        </p>
      )}
      <div className="tunnel-actions">
        <button type="submit" className="primary">
          Save rule
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface FieldProps {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/** A labelled input with its problem below, tied to it (aria-describedby) so a screen reader says both. */
function Field({ name, label, problem, input }: { name: RuleField; label: string; problem?: string; input(props: FieldProps): ReactNode }) {
  const id = `fault-rule-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {input({ id, ...(problem && { 'aria-invalid': true, 'aria-describedby': `${id}-problem` }) })}
      {problem && (
        <span id={`${id}-problem`} className="error">
          {problem}
        </span>
      )}
    </div>
  );
}

/** A set of checkboxes; none ticked means any. */
function Choices<T extends string>({
  label,
  all,
  chosen,
  names,
  onChange,
}: {
  label: string;
  all: readonly T[];
  chosen: T[];
  names?: Record<T, string>;
  onChange(next: T[]): void;
}) {
  return (
    <fieldset className="choices">
      <legend>{label} (none ticked: any)</legend>
      {all.map((value) => (
        <label key={value} className="inline">
          <input
            type="checkbox"
            checked={chosen.includes(value)}
            onChange={(event) =>
              onChange(event.target.checked ? all.filter((each) => each === value || chosen.includes(each)) : chosen.filter((each) => each !== value))
            }
          />{' '}
          {names?.[value] ?? value}
        </label>
      ))}
    </fieldset>
  );
}
