import { useCallback, useState } from 'react';
import type { TrafficTarget } from '../../../shared/simulator';
import { useConnection } from '../store/connection';
import { useJobs } from '../store/jobs';
import { useWorkspaces } from '../store/workspaces';
import { TargetPicker, confirmTarget } from './TargetPicker';
import { JobMessages } from './JobMessages';

/** Okta's "Import users / groups": reads every user and group of the target page by page, and says where a broken page stops it. */
export function OktaImportPanel() {
  const client = useConnection((state) => state.client);
  const job = useJobs((state) => state.jobs.import);
  const error = useJobs((state) => state.errors.import);
  const pollError = useJobs((state) => state.pollErrors.import);
  const { start, cancel } = useJobs.getState();
  const [target, setTarget] = useState<TrafficTarget>(() => ({ kind: 'workspace', workspace: useWorkspaces.getState().current }));
  const onTarget = useCallback((chosen: TrafficTarget) => setTarget(chosen), []);
  if (!client) return null;

  const result = job?.result;
  return (
    <section aria-label="Okta import">
      <h2>Okta import</h2>
      <p className="hint">
        What Okta's “Import users” and “Import groups” read: every user, then every group, with paged GETs (<code>/Users?startIndex=1&amp;count=100</code>, then
        the next pages until totalResults). Read only.
      </p>
      <JobMessages error={error} pollError={pollError} />
      <div className="tunnel-fields">
        <TargetPicker label="Import from" onChange={onTarget} />
      </div>
      <div className="tunnel-actions">
        <button
          type="button"
          disabled={job?.state === 'running'}
          onClick={async () => {
            const confirmed = await confirmTarget(target);
            if (confirmed) await start('import', () => client.startOktaImport({ target: confirmed }));
          }}
        >
          Run Okta import
        </button>
        {job?.state === 'running' && (
          <button type="button" onClick={() => void cancel('import')}>
            Cancel
          </button>
        )}
      </div>
      {job && (
        <p data-testid="import-progress">
          {job.requests} requests to {job.target}
          {job.state === 'running' && job.step ? ` · ${job.step}` : ` · ${job.state}`}
          {job.error && ` · ${job.error}`}
        </p>
      )}
      {result && (
        <div data-testid="import-result">
          <p>
            Users: {result.users.read} read in {result.users.pages} {result.users.pages === 1 ? 'page' : 'pages'}. Groups: {result.groups.read} read in{' '}
            {result.groups.pages} {result.groups.pages === 1 ? 'page' : 'pages'}.
          </p>
          {result.problem ? (
            <p className="warning" role="status">
              Import stopped: {result.problem}
            </p>
          ) : (
            !result.cancelled && <p className="hint">Okta would import everything.</p>
          )}
        </div>
      )}
    </section>
  );
}
