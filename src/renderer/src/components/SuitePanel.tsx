import { useCallback, useState } from 'react';
import type { TrafficTarget } from '../../../shared/simulator';
import { SUITE_UPLOAD_LIMIT } from '../../../shared/suites';
import { useConnection } from '../store/connection';
import { useJobs } from '../store/jobs';
import { useWorkspaces } from '../store/workspaces';
import { TargetPicker, confirmTarget } from './TargetPicker';
import { JobMessages } from './JobMessages';

const KIND_LABELS = { runscope: 'Runscope export', postman: 'Postman collection' } as const;

/**
 * An external suite — Okta's Runscope export, a Postman collection such as Microsoft's — picked or
 * dropped here, run by the engine against a workspace (its URL and token filled in) or another
 * server, each step listed as it finishes, the report downloadable. The file's kind is read by the
 * engine from its shape; this panel only sends the file's text.
 */
export function SuitePanel() {
  const client = useConnection((state) => state.client);
  const [file, setFile] = useState<{ name: string; content: string }>();
  const [skipFolders, setSkipFolders] = useState('');
  const [target, setTarget] = useState<TrafficTarget>(() => ({ kind: 'workspace', workspace: useWorkspaces.getState().current }));
  const job = useJobs((state) => state.jobs.suite);
  const error = useJobs((state) => state.errors.suite);
  const pollError = useJobs((state) => state.pollErrors.suite);
  const { start, cancel, setError } = useJobs.getState();
  const [over, setOver] = useState(false);
  const onTarget = useCallback((next: TrafficTarget) => setTarget(next), []);
  if (!client) return null;

  const attempt = async (work: () => Promise<void>) => {
    setError('suite', undefined);
    try {
      await work();
    } catch (reason) {
      setError('suite', (reason as Error).message);
    }
  };
  const choose = (picked: File | undefined) =>
    void attempt(async () => {
      if (!picked) return;
      // Refused before reading: a huge file never fills the window's memory.
      if (picked.size > SUITE_UPLOAD_LIMIT)
        throw new Error(
          `${picked.name} is larger than ${SUITE_UPLOAD_LIMIT / 1024 / 1024} MB; run it with the CLI (scim-workbench check --runscope/--postman).`,
        );
      setFile({ name: picked.name, content: await picked.text() });
    });
  const run = () =>
    void attempt(async () => {
      if (!file) return;
      const confirmed = await confirmTarget(target);
      if (!confirmed) return;
      const folders = skipFolders
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      await start('suite', () =>
        client.startSuite({ fileName: file.name, content: file.content, target: confirmed, ...(folders.length > 0 && { skipFolders: folders }) }),
      );
    });
  const report = job?.report;
  const summary = report?.runscope
    ? `${report.runscope.summary.steps.failed} of ${report.runscope.steps.length} steps failed; assertions ${report.runscope.summary.assertions.passed} passed, ${report.runscope.summary.assertions.failed} failed; timing ${report.runscope.summary.timing.passed} within, ${report.runscope.summary.timing.failed} over their limit`
    : report?.postman
      ? `${report.postman.summary.requests.failed} of ${report.postman.requests.length} requests failed; assertions ${report.postman.summary.assertions.passed} passed, ${report.postman.summary.assertions.failed} failed`
      : undefined;

  return (
    <section
      aria-label="Conformance suite"
      className={`suite-panel${over ? ' dropping' : ''}`}
      data-testid="suite-drop-zone"
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(event) => !event.currentTarget.contains(event.relatedTarget as Node | null) && setOver(false)}
      onDrop={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setOver(false);
        choose(event.dataTransfer.files[0]);
      }}
    >
      <h2>Conformance suite</h2>
      <p className="hint">
        Run a suite an IdP publishes — Okta's SCIM 2.0 SPEC Test (a Runscope export) or a Postman collection such as Microsoft's SCIM reference tests — against
        a workspace: its URL and token are filled in. Pick the file or drop it here. Microsoft's collection has a “Get Token” folder that calls its own server's
        /Token: leave it out.
      </p>
      <JobMessages error={error} pollError={pollError} />
      <div className="tunnel-fields">
        <label>
          Suite file <input aria-label="Suite file" type="file" accept=".json,application/json" onChange={(event) => choose(event.target.files?.[0])} />
        </label>
        {file && <span data-testid="suite-file">{file.name}</span>}
        <label>
          Leave out folders{' '}
          <input aria-label="Folders to leave out" placeholder="Get Token" value={skipFolders} onChange={(event) => setSkipFolders(event.target.value)} />
        </label>
        <TargetPicker label="Run against" onChange={onTarget} />
      </div>
      <div className="tunnel-actions">
        <button type="button" disabled={!file || job?.state === 'running'} onClick={run}>
          Run suite
        </button>
        {job?.state === 'running' && (
          <button type="button" onClick={() => void cancel('suite')}>
            Cancel
          </button>
        )}
        {job && report && (
          <>
            <button type="button" onClick={() => void attempt(() => client.downloadSuiteReport(job.id, 'md'))}>
              Download report (Markdown)
            </button>
            <button type="button" onClick={() => void attempt(() => client.downloadSuiteReport(job.id, 'json'))}>
              Download report (JSON)
            </button>
          </>
        )}
      </div>
      {job && (
        <>
          <p data-testid="suite-progress">
            <progress max={job.total || 1} value={job.done} aria-label="Suite progress" /> {job.done}/{job.total} · {KIND_LABELS[job.kind]} {job.fileName}{' '}
            against {job.target} · {job.state}
            {job.skippedFolders.length > 0 && ` · left out: ${job.skippedFolders.join(', ')}`}
            {job.error && ` · ${job.error}`}
          </p>
          {summary && (
            <p data-testid="suite-summary">
              <strong>{summary}</strong>
            </p>
          )}
          <ul className="checks" aria-label="Suite results">
            {job.results.map((result) => (
              <li key={result.index} className={result.passed ? 'check-pass' : 'check-fail'}>
                <details open={!result.passed}>
                  <summary>
                    {result.passed ? '✓' : '✗'} {result.index + 1}. {result.name}{' '}
                    <span className="hint">
                      ({result.assertions.passed}/{result.assertions.passed + result.assertions.failed} assertions)
                    </span>
                  </summary>
                  <p>
                    <code>
                      {result.method} {result.url}
                    </code>{' '}
                    → {result.status ?? 'no answer'}
                    {result.timeMs !== undefined && ` in ${result.timeMs} ms`}
                  </p>
                  {result.failures.length > 0 && (
                    <ul>
                      {result.failures.map((failure, index) => (
                        <li key={index}>{failure}</li>
                      ))}
                    </ul>
                  )}
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
