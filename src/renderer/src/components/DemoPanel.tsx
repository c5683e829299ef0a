import type { AdminClient } from '../api/admin-client';
import { useConnection } from '../store/connection';
import { useJobs } from '../store/jobs';
import { useUi } from '../store/ui';
import { useWorkspaces } from '../store/workspaces';
import { JobMessages } from './JobMessages';
import { SimulationOutcome } from './SimulationOutcome';

/** Picks the workspace here that a job sends to (the demo's, which the job may just have created), so its users are what the views show. */
async function showWorkspaceOf(client: AdminClient, target: string): Promise<void> {
  const workspaces = useWorkspaces.getState();
  await workspaces.load(client);
  const path = URL.canParse(target) ? new URL(target).pathname : target;
  const workspace = useWorkspaces.getState().list.find((candidate) => candidate.scimPath === path);
  if (workspace) workspaces.select(workspace.slug);
}

/** The one-click demo, its progress beside its button. */
export function DemoPanel() {
  const client = useConnection((state) => state.client);
  const setView = useUi((state) => state.setView);
  const job = useJobs((state) => state.jobs.demo);
  const error = useJobs((state) => state.errors.demo);
  const pollError = useJobs((state) => state.pollErrors.demo);
  const { start, cancel } = useJobs.getState();
  if (!client) return null;
  const play = async () => {
    const started = await start('demo', () => client.demo());
    if (started) await showWorkspaceOf(client, started.target);
  };
  return (
    <section aria-label="Demo">
      <h2>Demo</h2>
      <p className="hint">
        Okta provisions 12 people into the “demo” workspace — users, groups, updates, deactivations — one request every 0.4 s, so the traffic list fills up
        live. The workspace picker switches to “demo”, so Resources and Mappings show its users.
      </p>
      <JobMessages error={error} pollError={pollError} />
      <div className="tunnel-actions">
        <button type="button" disabled={job?.state === 'running'} onClick={() => void play()}>
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
