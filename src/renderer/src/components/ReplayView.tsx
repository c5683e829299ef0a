import { CredentialsInput } from './CredentialsInput';
import { useCallback, useEffect, useReducer } from 'react';
import type { ReplayAuth, ReplayRequest } from '../../../shared/replay';
import { isLoopbackUrl } from '../../../shared/loopback';
import { useConnection } from '../store/connection';
import { useSessions } from '../store/sessions';
import { askConfirm } from '../store/dialog';
import { useJobs } from '../store/jobs';
import { useCurrentWorkspace, useWorkspaces } from '../store/workspaces';
import { changeReplayForm, EMPTY_REPLAY_FORM, replayRequest, type ReplayTargetKind } from '../replay-form';
import { JobMessages } from './JobMessages';

/**
 * Replay a recorded session against a fresh workspace here, the picked workspace, or another SCIM
 * server, with progress and a report. The job lives in the jobs store, so a replay still running
 * survives a view change; the form is this view's own.
 */
export function ReplayView() {
  const client = useConnection((state) => state.client);
  const { sessions } = useSessions();
  const picked = useWorkspaces((state) => state.current);
  const pickedName = useCurrentWorkspace()?.name ?? picked;
  const [form, change] = useReducer(changeReplayForm, EMPTY_REPLAY_FORM);
  const { sessionId, target, baseUrl, pace, stopOnFirst, concurrency, from, to } = form;
  const job = useJobs((state) => state.jobs.replay);
  const error = useJobs((state) => state.errors.replay);
  const pollError = useJobs((state) => state.pollErrors.replay);
  const onAuth = useCallback((auth: ReplayAuth) => change({ auth }), []);

  useEffect(() => {
    // The live session by default: the newest may be an import or an earlier replay.
    if (sessionId === undefined && sessions.length > 0) change({ sessionId: (sessions.find((session) => session.current) ?? sessions[0]!).id });
  }, [sessions, sessionId]);
  if (!client) return null;

  const start = async () => {
    if (sessionId === undefined) return;
    useJobs.getState().setError('replay', undefined);
    let request: ReplayRequest = replayRequest({ ...form, sessionId }, picked);
    if (target === 'url') {
      const local = !URL.canParse(baseUrl) || isLoopbackUrl(baseUrl);
      const confirmed =
        local ||
        (await askConfirm(
          `Send every request of this session to ${baseUrl}?`,
          'It is not this machine; its own credentials are used, never the recorded ones.',
          'Send',
        ));
      if (!confirmed) return;
      request = { ...request, target: { kind: 'url', baseUrl, auth: form.auth, confirmed: !local } };
    }
    await useJobs.getState().start('replay', () => client.startReplay(request));
  };
  const report = job?.report;

  return (
    <main className="page replay-view" aria-label="Replay">
      <h2>Replay a session</h2>
      <div className="tunnel-fields">
        <label>
          Session
          <select aria-label="Session" value={sessionId ?? ''} onChange={(event) => change({ sessionId: Number(event.target.value) })}>
            {sessions.map((session) => (
              <option key={session.id} value={session.id}>
                {session.name}
                {session.kind === 'live' ? '' : ` — ${session.kind}`} ({session.exchangeCount} exchanges)
              </option>
            ))}
          </select>
        </label>
        <label>
          Against
          <select aria-label="Target" value={target} onChange={(event) => change({ target: event.target.value as ReplayTargetKind })}>
            <option value="fresh">this workbench, in a fresh workspace</option>
            <option value="picked">this workbench, into workspace “{pickedName}” (picked above)</option>
            <option value="url">another SCIM server</option>
          </select>
        </label>
        <label>
          Pace
          <select aria-label="Pace" value={pace} onChange={(event) => change({ pace: event.target.value })}>
            <option value="fast">as fast as possible</option>
            <option value="recorded">as recorded</option>
            <option value="10">10 requests/s</option>
            <option value="1">1 request/s</option>
          </select>
        </label>
        <label>
          In flight
          <select
            aria-label="In flight"
            title="Steps that cannot affect each other run side by side; the report is the one-at-a-time report"
            value={pace === 'fast' ? concurrency : '1'}
            disabled={pace !== 'fast'}
            onChange={(event) => change({ concurrency: event.target.value })}
          >
            <option value="1">one request at a time</option>
            <option value="4">up to 4 independent requests</option>
          </select>
        </label>
        <label>
          From exchange # (optional){' '}
          <input aria-label="From exchange" inputMode="numeric" value={from} onChange={(event) => change({ from: event.target.value.replace(/\D/g, '') })} />
        </label>
        <label>
          To exchange # (optional){' '}
          <input aria-label="To exchange" inputMode="numeric" value={to} onChange={(event) => change({ to: event.target.value.replace(/\D/g, '') })} />
        </label>
        <label>
          <span>
            <input type="checkbox" checked={stopOnFirst} onChange={(event) => change({ stopOnFirst: event.target.checked })} /> Stop at the first difference
          </span>
        </label>
      </div>
      {target === 'url' && (
        <div className="tunnel-fields">
          <label>
            SCIM base URL{' '}
            <input
              aria-label="SCIM base URL"
              placeholder="https://scim.example.com/scim/v2"
              value={baseUrl}
              onChange={(event) => change({ baseUrl: event.target.value })}
            />
          </label>
          <CredentialsInput prefix="Replay target" baseUrl={baseUrl} onChange={onAuth} />
        </div>
      )}
      <div className="tunnel-actions">
        <button type="button" disabled={job?.state === 'running' || sessionId === undefined} onClick={() => void start()}>
          Start replay
        </button>
        {job?.state === 'running' && (
          <button type="button" onClick={() => void useJobs.getState().cancel('replay')}>
            Cancel
          </button>
        )}
      </div>
      <JobMessages error={error} pollError={pollError} />
      {job && (
        <section aria-label="Replay progress">
          <progress max={job.progress.total} value={job.progress.done} />{' '}
          <span data-testid="replay-progress">
            {job.progress.done}/{job.progress.total} · {job.progress.differed} differed
            {job.state === 'running' && job.progress.current ? ` · ${job.progress.current}` : ''}
            {job.state !== 'running' ? ` · ${job.state}` : ''}
          </span>
          {job.workspace && (
            <p className="hint">
              Into workspace “{job.workspace}”.{' '}
              <button
                type="button"
                onClick={() =>
                  void useWorkspaces
                    .getState()
                    .load(client)
                    .then(() => useWorkspaces.getState().select(job.workspace!))
                }
              >
                Show this workspace
              </button>
            </p>
          )}
        </section>
      )}
      {report && (
        <section aria-label="Replay report">
          <p data-testid="replay-summary">
            <strong>
              {report.matched} matched, {report.differed} differed
            </strong>{' '}
            of {report.total} steps{report.cancelled ? ' (cancelled)' : ''}
            {report.stoppedEarly ? ' (stopped at the first difference)' : ''}
            {report.unreachable ? ` (stopped: ${report.unreachable})` : ''}.
          </p>
          <div className="tunnel-actions">
            <button type="button" onClick={() => void client.downloadReplayReport(job!.id, 'md')}>
              Download report (Markdown)
            </button>
            <button type="button" onClick={() => void client.downloadReplayReport(job!.id, 'json')}>
              Download report (JSON)
            </button>
          </div>
          <ol className="differences">
            {report.steps
              .filter((step) => !step.matched)
              .map((step) => (
                <li key={step.index} value={step.index + 1}>
                  <code>
                    {step.method} {step.path}
                  </code>
                  : {step.differences.map((difference) => difference.message).join('; ')}
                </li>
              ))}
          </ol>
        </section>
      )}
    </main>
  );
}
