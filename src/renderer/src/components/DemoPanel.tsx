import { useConnection } from '../store/connection';
import { useJobs } from '../store/jobs';
import { useUi } from '../store/ui';
import { playDemo } from '../play-demo';
import { JobMessages } from './JobMessages';
import { SimulationOutcome } from './SimulationOutcome';

/** The one-click demo, its progress beside its button. */
export function DemoPanel() {
  const client = useConnection((state) => state.client);
  const setView = useUi((state) => state.setView);
  const job = useJobs((state) => state.jobs.demo);
  const error = useJobs((state) => state.errors.demo);
  const pollError = useJobs((state) => state.pollErrors.demo);
  const { cancel } = useJobs.getState();
  if (!client) return null;
  return (
    <section aria-label="Demo">
      <h2>Demo</h2>
      <p className="hint">
        Okta provisions 12 people into the “demo” workspace — users, groups, updates, deactivations — one request every 0.4 s, so the traffic list fills up
        live. The workspace picker switches to “demo”, so Resources and Mappings show its users.
      </p>
      <JobMessages error={error} pollError={pollError} />
      <div className="tunnel-actions">
        <button type="button" disabled={job?.state === 'running'} onClick={() => void playDemo(client)}>
          Play demo
        </button>
        {job?.state === 'running' && (
          <button type="button" onClick={() => void cancel('demo')}>
            Cancel demo
          </button>
        )}
        <button type="button" onClick={() => setView('traffic')}>
          Watch the traffic
        </button>
      </div>
      {job && <SimulationOutcome job={job} testId="demo" />}
    </section>
  );
}
