import { useCallback, useEffect, useState } from 'react';
import type { CheckIdp } from '../../../shared/conformance';
import type { AdminClient } from '../api/admin-client';
import type { CheckJobState, SimulationJobState, SimulatorIdp, TrafficTarget } from '../../../shared/simulator';
import { useConnection } from '../store/connection';
import { useUi } from '../store/ui';
import { useWorkspaces } from '../store/workspaces';
import { TargetPicker, confirmTarget } from './TargetPicker';
import { CheckVerdicts } from './CheckVerdicts';
import { OktaImportPanel } from './OktaImportPanel';
import { SuitePanel } from './SuitePanel';
import { useJobPolling } from '../hooks/use-job-polling';
import { JobMessages } from './JobMessages';

const IDP_LABELS: Record<SimulatorIdp, string> = { okta: 'Okta', entra: 'Microsoft Entra ID', onelogin: 'OneLogin' };

/** Picks the workspace here that a job sends to (the demo's, which the job may just have created), so its users are what the views show. */
async function showWorkspaceOf(client: AdminClient, target: string): Promise<void> {
  const workspaces = useWorkspaces.getState();
  await workspaces.load(client);
  const path = URL.canParse(target) ? new URL(target).pathname : target;
  const workspace = useWorkspaces.getState().list.find((candidate) => candidate.scimPath === path);
  if (workspace) workspaces.select(workspace.slug);
}

/** Traffic without an IdP tenant: the demo, the IdP simulator, and the conformance check of any SCIM server. */
export function SimulateView() {
  const client = useConnection((state) => state.client);
  const setView = useUi((state) => state.setView);
  const [simulation, setSimulation] = useState<SimulationJobState>();
  const [check, setCheck] = useState<CheckJobState>();
  const [scenarios, setScenarios] = useState<string[]>([]);
  const [idp, setIdp] = useState<SimulatorIdp>('okta');
  const [scenario, setScenario] = useState('full');
  const [users, setUsers] = useState(10);
  const [seed, setSeed] = useState(1);
  const [delay, setDelay] = useState(0);
  const [simTarget, setSimTarget] = useState<TrafficTarget>(() => ({ kind: 'workspace', workspace: useWorkspaces.getState().current }));
  const [checkTarget, setCheckTarget] = useState<TrafficTarget>(() => ({ kind: 'workspace', workspace: useWorkspaces.getState().current }));
  const [checkIdps, setCheckIdps] = useState<CheckIdp[]>(['okta', 'entra', 'onelogin']);
  const [error, setError] = useState<string>();
  useEffect(() => void client?.scenarios().then(setScenarios, () => undefined), [client]);
  const fetchSimulation = useCallback((id: number) => client!.simulation(id), [client]);
  const fetchCheck = useCallback((id: number) => client!.check(id), [client]);
  const simulationPolling = useJobPolling(simulation, fetchSimulation, setSimulation);
  const checkPolling = useJobPolling(check, fetchCheck, setCheck);
  const onSimTarget = useCallback((target: TrafficTarget) => setSimTarget(target), []);
  const onCheckTarget = useCallback((target: TrafficTarget) => setCheckTarget(target), []);
  if (!client) return null;

  const run = async <T,>(work: () => Promise<T>, set: (value: T) => void) => {
    setError(undefined);
    try {
      set(await work());
    } catch (reason) {
      setError((reason as Error).message);
    }
  };
  const result = simulation?.result;
  const report = check?.report;

  return (
    <main className="page simulate-view" aria-label="Simulate">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <section aria-label="Demo">
        <h2>Demo</h2>
        <p className="hint">
          Okta provisions 12 people into the “demo” workspace — users, groups, updates, deactivations — one request every 0.4 s, so the traffic list fills up
          live. The workspace picker switches to “demo”, so Resources and Mappings show its users.
        </p>
        <div className="tunnel-actions">
          <button
            type="button"
            disabled={simulation?.state === 'running'}
            onClick={() =>
              void run(
                () => client.demo(),
                (job) => {
                  setSimulation(job);
                  void showWorkspaceOf(client, job.target);
                },
              )
            }
          >
            Play demo
          </button>
          <button type="button" onClick={() => setView('traffic')}>
            Watch the traffic
          </button>
        </div>
      </section>

      <section aria-label="IdP simulator">
        <h2>IdP simulator</h2>
        <div className="tunnel-fields">
          <label>
            IdP{' '}
            <select aria-label="IdP" value={idp} onChange={(event) => setIdp(event.target.value as SimulatorIdp)}>
              {Object.entries(IDP_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Scenario{' '}
            <select aria-label="Scenario" value={scenario} onChange={(event) => setScenario(event.target.value)}>
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
              value={users}
              onChange={(event) => setUsers(Math.max(1, Number(event.target.value) || 1))}
            />
          </label>
          <label>
            Seed <input aria-label="Seed" type="number" min={1} value={seed} onChange={(event) => setSeed(Math.max(1, Number(event.target.value) || 1))} />
          </label>
          <label>
            Pause between requests (ms){' '}
            <input aria-label="Pause" type="number" min={0} value={delay} onChange={(event) => setDelay(Math.max(0, Number(event.target.value) || 0))} />
          </label>
          <TargetPicker label="Send to" onChange={onSimTarget} />
        </div>
        <div className="tunnel-actions">
          <button
            type="button"
            disabled={simulation?.state === 'running'}
            onClick={async () => {
              const target = await confirmTarget(simTarget);
              if (target) void run(() => client.startSimulation({ idp, scenario, users, seed, delayMs: delay, target }), setSimulation);
            }}
          >
            Run scenario
          </button>
          {simulation?.state === 'running' && (
            <button type="button" onClick={() => void run(() => client.cancelSimulation(simulation.id), setSimulation)}>
              Cancel
            </button>
          )}
        </div>
        {simulation && (
          <p data-testid="simulation-progress">
            {simulation.requests} requests to {simulation.target}
            {simulation.state === 'running' && simulation.step ? ` · ${simulation.step}` : ` · ${simulation.state}`}
            {simulation.error && ` · ${simulation.error}`}
          </p>
        )}
        <JobMessages pollError={simulationPolling.pollError} />
        {result && (
          <div data-testid="simulation-result">
            <p>
              Users: {result.users.created} created, {result.users.updated} updated, {result.users.deactivated} deactivated, {result.users.reactivated}{' '}
              reactivated, {result.users.deleted} deleted. Groups: {result.groups.created} created, {result.groups.renamed} renamed,{' '}
              {result.groups.membersAdded} members added, {result.groups.membersRemoved} removed.
            </p>
            {result.notes.map((note) => (
              <p key={note} className="hint">
                {note}
              </p>
            ))}
            {result.failures.length > 0 && (
              <ul className="differences">
                {result.failures.map((failure, index) => (
                  <li key={index}>
                    {failure.step} → {failure.status}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>

      <OktaImportPanel />

      <section aria-label="Conformance check">
        <h2>Conformance check</h2>
        <p className="hint">
          Would Okta, Entra ID or OneLogin work with this server? Named checks from RFC 7644 and each IdP's documentation; what the checks create is removed
          afterwards.
        </p>
        <div className="tunnel-fields">
          {(Object.keys(IDP_LABELS) as CheckIdp[]).map((name) => (
            <label key={name}>
              <span>
                <input
                  type="checkbox"
                  checked={checkIdps.includes(name)}
                  onChange={(event) => setCheckIdps(event.target.checked ? [...checkIdps, name] : checkIdps.filter((other) => other !== name))}
                />{' '}
                {IDP_LABELS[name]}
              </span>
            </label>
          ))}
          <TargetPicker label="Check" onChange={onCheckTarget} />
        </div>
        <div className="tunnel-actions">
          <button
            type="button"
            disabled={check?.state === 'running' || checkIdps.length === 0}
            onClick={async () => {
              const target = await confirmTarget(checkTarget);
              if (target) void run(() => client.startCheck({ idps: checkIdps, target }), setCheck);
            }}
          >
            Run checks
          </button>
          {check?.state === 'running' && (
            <button type="button" onClick={() => void run(() => client.cancelCheck(check.id), setCheck)}>
              Cancel
            </button>
          )}
        </div>
        {check && (
          <>
            {check.state === 'running' && (
              <p>
                <progress max={check.total || 1} value={check.done} /> {check.done}/{check.total || '…'}
              </p>
            )}
            <JobMessages pollError={checkPolling.pollError} />
            {report && <CheckVerdicts verdicts={report.verdicts} />}
            {report && (
              <p data-testid="check-summary">
                <strong>
                  {report.passed} passed, {report.failed} failed, {report.skipped} skipped
                </strong>{' '}
                against {report.target}
              </p>
            )}
            <ul className="checks" aria-label="Check results">
              {check.results.map((result) => (
                <li key={result.id} className={`check-${result.status}`}>
                  <details open={result.status === 'fail'}>
                    <summary>
                      {result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : '–'} {result.name} <span className="hint">({result.scope})</span>
                    </summary>
                    <p className="hint">{result.source}</p>
                    {result.problems.length > 0 && (
                      <ul>
                        {result.problems.map((problem) => (
                          <li key={problem}>{problem}</li>
                        ))}
                      </ul>
                    )}
                    {result.consequence && <p className="warning">What the IdP does: {result.consequence}</p>}
                    {result.request && (
                      <p>
                        <code>
                          {result.request.method} {result.request.path}
                        </code>{' '}
                        → {result.response?.status} <code>{result.response?.contentType}</code>
                      </p>
                    )}
                  </details>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <SuitePanel />
    </main>
  );
}
