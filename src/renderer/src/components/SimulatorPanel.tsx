import { useCallback, useEffect, useState } from 'react';
import type { SimulatorIdp, TrafficTarget } from '../../../shared/simulator';
import { useConnection } from '../store/connection';
import { useJobs } from '../store/jobs';
import { useWorkspaces } from '../store/workspaces';
import { JobMessages } from './JobMessages';
import { SimulationOutcome } from './SimulationOutcome';
import { TargetPicker, confirmTarget } from './TargetPicker';
import './reaction-timeline.css';

export const IDP_LABELS: Record<SimulatorIdp, string> = { okta: 'Okta', entra: 'Microsoft Entra ID', onelogin: 'OneLogin' };

interface SimulatorForm {
  idp: SimulatorIdp;
  scenario: string;
  users: number;
  seed: number;
  delay: number;
  /** Model the IdP's retries of failing answers (the answers are then marked MODELLED). */
  modelRetries: boolean;
}

/** The IdP simulator: an IdP's requests for a scenario, sent to a workspace or another server; its progress under its button. */
export function SimulatorPanel() {
  const client = useConnection((state) => state.client);
  const job = useJobs((state) => state.jobs.simulation);
  const error = useJobs((state) => state.errors.simulation);
  const pollError = useJobs((state) => state.pollErrors.simulation);
  const { start, cancel } = useJobs.getState();
  const [scenarios, setScenarios] = useState<string[]>([]);
  const [form, setForm] = useState<SimulatorForm>({ idp: 'okta', scenario: 'full', users: 10, seed: 1, delay: 0, modelRetries: true });
  const [target, setTarget] = useState<TrafficTarget>(() => ({ kind: 'workspace', workspace: useWorkspaces.getState().current }));
  useEffect(() => void client?.scenarios().then(setScenarios, () => undefined), [client]);
  const onTarget = useCallback((chosen: TrafficTarget) => setTarget(chosen), []);
  if (!client) return null;
  const change = (changes: Partial<SimulatorForm>) => setForm({ ...form, ...changes });
  const run = async () => {
    const confirmed = await confirmTarget(target);
    const { idp, scenario, users, seed, delay, modelRetries } = form;
    if (confirmed) await start('simulation', () => client.startSimulation({ idp, scenario, users, seed, delayMs: delay, modelRetries, target: confirmed }));
  };

  return (
    <section aria-label="IdP simulator">
      <h2>IdP simulator</h2>
      <div className="tunnel-fields">
        <label>
          IdP{' '}
          <select aria-label="IdP" value={form.idp} onChange={(event) => change({ idp: event.target.value as SimulatorIdp })}>
            {Object.entries(IDP_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Scenario{' '}
          <select aria-label="Scenario" value={form.scenario} onChange={(event) => change({ scenario: event.target.value })}>
            {scenarios.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          People{' '}
          <input
            aria-label="People"
            type="number"
            min={1}
            max={10000}
            value={form.users}
            onChange={(event) => change({ users: Math.max(1, Number(event.target.value) || 1) })}
          />
        </label>
        <label>
          Seed{' '}
          <input
            aria-label="Seed"
            type="number"
            min={1}
            value={form.seed}
            onChange={(event) => change({ seed: Math.max(1, Number(event.target.value) || 1) })}
          />
        </label>
        <label>
          Pause between requests (ms){' '}
          <input
            aria-label="Pause"
            type="number"
            min={0}
            value={form.delay}
            onChange={(event) => change({ delay: Math.max(0, Number(event.target.value) || 0) })}
          />
        </label>
        <label className="reaction-switch" title="Retry 429, 5xx and unanswered requests as this IdP is documented to (modelled where it is not)">
          <input type="checkbox" checked={form.modelRetries} onChange={(event) => change({ modelRetries: event.target.checked })} /> Model retries as documented
          (MODELLED)
        </label>
        <TargetPicker label="Send to" onChange={onTarget} />
      </div>
      <JobMessages error={error} pollError={pollError} />
      <div className="tunnel-actions">
        <button type="button" disabled={job?.state === 'running'} onClick={() => void run()}>
          Run scenario
        </button>
        {job?.state === 'running' && (
          <button type="button" onClick={() => void cancel('simulation')}>
            Cancel
          </button>
        )}
      </div>
      {job && <SimulationOutcome job={job} testId="simulation" />}
    </section>
  );
}
