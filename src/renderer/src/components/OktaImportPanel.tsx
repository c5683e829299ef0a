import { useCallback, useState } from 'react';
import type { OktaImportJobState } from '../../../shared/okta-import';
import type { TrafficTarget } from '../../../shared/simulator';
import { useConnection } from '../store/connection';
import { useWorkspaces } from '../store/workspaces';
import { TargetPicker, confirmTarget } from './TargetPicker';
import { useJobPolling } from '../hooks/use-job-polling';
import { JobMessages } from './JobMessages';

/** Okta's "Import users / groups": reads every user and group of the target page by page, and says where a broken page stops it. */
export function OktaImportPanel() {
  const client = useConnection((state) => state.client);
  const [job, setJob] = useState<OktaImportJobState>();
  const [error, setError] = useState<string>();
  const [target, setTarget] = useState<TrafficTarget>(() => ({ kind: 'workspace', workspace: useWorkspaces.getState().current }));
  const onTarget = useCallback((chosen: TrafficTarget) => setTarget(chosen), []);
  const readImport = useCallback((id: number) => client!.oktaImport(id), [client]);
  const { pollError } = useJobPolling(job, client ? readImport : undefined, setJob);
  if (!client) return null;

  const act = async (work: () => Promise<OktaImportJobState>) => {
    setError(undefined);
    try {
      setJob(await work());
    } catch (reason) {
      setError((reason as Error).message);
    }
  };
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
            if (confirmed) void act(() => client.startOktaImport({ target: confirmed }));
          }}
        >
          Run Okta import
        </button>
        {job?.state === 'running' && (
          <button type="button" onClick={() => void act(() => client.cancelOktaImport(job.id))}>
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
