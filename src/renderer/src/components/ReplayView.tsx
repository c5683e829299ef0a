import { CredentialsInput } from './CredentialsInput';
import { useCallback, useEffect, useState } from 'react';
import type { ReplayAuth, ReplayJobState, ReplayPacing, ReplayRequest } from '../../../shared/replay';
import { isLoopbackUrl } from '../../../shared/loopback';
import { useConnection } from '../store/connection';
import { useSessions } from '../store/sessions';
import { askConfirm } from '../store/dialog';
import { useCurrentWorkspace, useWorkspaces } from '../store/workspaces';
import { useJobPolling } from '../hooks/use-job-polling';
import { JobMessages } from './JobMessages';

type TargetKind = 'fresh' | 'picked' | 'url';

/** Replay a recorded session against a fresh workspace here, the picked workspace, or another SCIM server, with progress and a report. */
export function ReplayView() {
  const client = useConnection((state) => state.client);
  const { sessions } = useSessions();
  const picked = useWorkspaces((state) => state.current);
  const pickedName = useCurrentWorkspace()?.name ?? picked;
  const [sessionId, setSessionId] = useState<number>();
  const [target, setTarget] = useState<TargetKind>('fresh');
  const [baseUrl, setBaseUrl] = useState('');
  const [auth, setAuth] = useState<ReplayAuth>({ kind: 'none' });
  const [pace, setPace] = useState('fast');
  const [stopOnFirst, setStopOnFirst] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [job, setJob] = useState<ReplayJobState>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    // The live session by default: the newest may be an import or an earlier replay.
    if (sessionId === undefined && sessions.length > 0) setSessionId((sessions.find((session) => session.current) ?? sessions[0]!).id);
  }, [sessions, sessionId]);
  const readReplay = useCallback(
    async (id: number) => {
      const next = await client!.replayState(id);
      // A replay here records into a new session: list it.
      if (next.state !== 'running') void useSessions.getState().load(client!);
      return next;
    },
    [client],
  );
  const { pollError } = useJobPolling(job, client ? readReplay : undefined, setJob);
  if (!client) return null;

  const pacing = (): ReplayPacing =>
    pace === 'fast' ? { kind: 'fast' } : pace === 'recorded' ? { kind: 'recorded' } : { kind: 'rate', perSecond: Number(pace) };
  const start = async () => {
    if (sessionId === undefined) return;
    setError(undefined);
    const range = { ...(from.trim() && { fromExchangeId: Number(from) }), ...(to.trim() && { toExchangeId: Number(to) }) };
    // A fresh workspace is created and named by the engine; the shape still names a workspace.
    const here = target === 'picked' ? { kind: 'workspace' as const, workspace: picked } : { kind: 'workspace' as const, workspace: picked, fresh: true };
    let request: ReplayRequest = { sessionId, ...range, target: here, pacing: pacing(), stopOnFirstDifference: stopOnFirst };
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
      request = { ...request, target: { kind: 'url', baseUrl, auth, confirmed: !local } };
    }
    try {
      setJob(await client.startReplay(request));
    } catch (reason) {
      setError((reason as Error).message);
    }
  };
  const report = job?.report;

  return (
    <main className="page replay-view" aria-label="Replay">
      <h2>Replay a session</h2>
      <div className="tunnel-fields">
        <label>
          Session
          <select aria-label="Session" value={sessionId ?? ''} onChange={(event) => setSessionId(Number(event.target.value))}>
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
          <select aria-label="Target" value={target} onChange={(event) => setTarget(event.target.value as TargetKind)}>
            <option value="fresh">this workbench, in a fresh workspace</option>
            <option value="picked">this workbench, into workspace “{pickedName}” (picked above)</option>
            <option value="url">another SCIM server</option>
          </select>
        </label>
        <label>
          Pace
          <select aria-label="Pace" value={pace} onChange={(event) => setPace(event.target.value)}>
            <option value="fast">as fast as possible</option>
            <option value="recorded">as recorded</option>
            <option value="10">10 requests/s</option>
            <option value="1">1 request/s</option>
          </select>
        </label>
        <label>
          From exchange # (optional){' '}
          <input aria-label="From exchange" inputMode="numeric" value={from} onChange={(event) => setFrom(event.target.value.replace(/\D/g, ''))} />
        </label>
        <label>
          To exchange # (optional){' '}
          <input aria-label="To exchange" inputMode="numeric" value={to} onChange={(event) => setTo(event.target.value.replace(/\D/g, ''))} />
        </label>
        <label>
          <span>
            <input type="checkbox" checked={stopOnFirst} onChange={(event) => setStopOnFirst(event.target.checked)} /> Stop at the first difference
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
              onChange={(event) => setBaseUrl(event.target.value)}
            />
          </label>
          <CredentialsInput prefix="Replay target" baseUrl={baseUrl} onChange={setAuth} />
        </div>
      )}
      <div className="tunnel-actions">
        <button type="button" disabled={job?.state === 'running' || sessionId === undefined} onClick={() => void start()}>
          Start replay
        </button>
        {job?.state === 'running' && (
          <button type="button" onClick={() => void client.cancelReplay(job.id).then(setJob)}>
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
            {report.stoppedEarly ? ' (stopped at the first difference)' : ''}.
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
