import { useCallback, useState } from 'react';
import type { CheckIdp } from '../../../shared/conformance';
import type { TrafficTarget } from '../../../shared/simulator';
import { useConnection } from '../store/connection';
import { useJobs } from '../store/jobs';
import { useWorkspaces } from '../store/workspaces';
import { CheckResultRow } from './CheckResultRow';
import { CheckVerdicts } from './CheckVerdicts';
import { JobMessages } from './JobMessages';
import { IDP_LABELS } from './SimulatorPanel';
import { TargetPicker, confirmTarget } from './TargetPicker';

/** The conformance check of any SCIM server: a verdict per IdP, each check's evidence, the report to download. */
export function CheckPanel() {
  const client = useConnection((state) => state.client);
  const check = useJobs((state) => state.jobs.check);
  const error = useJobs((state) => state.errors.check);
  const pollError = useJobs((state) => state.pollErrors.check);
  const { start, cancel, setError } = useJobs.getState();
  const [target, setTarget] = useState<TrafficTarget>(() => ({ kind: 'workspace', workspace: useWorkspaces.getState().current }));
  const [idps, setIdps] = useState<CheckIdp[]>(['okta', 'entra', 'onelogin']);
  const onTarget = useCallback((chosen: TrafficTarget) => setTarget(chosen), []);
  if (!client) return null;
  const run = async () => {
    const confirmed = await confirmTarget(target);
    if (confirmed) await start('check', () => client.startCheck({ idps, target: confirmed }));
  };
  const download = (format: 'md' | 'json') =>
    void client.downloadCheckReport(check!.id, format).then(
      () => setError('check', undefined),
      (reason: Error) => setError('check', reason.message),
    );
  const report = check?.report;

  return (
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
                checked={idps.includes(name)}
                onChange={(event) => setIdps(event.target.checked ? [...idps, name] : idps.filter((other) => other !== name))}
              />{' '}
              {IDP_LABELS[name]}
            </span>
          </label>
        ))}
        <TargetPicker label="Check" onChange={onTarget} />
      </div>
      <JobMessages error={error} pollError={pollError} />
      <div className="tunnel-actions">
        <button type="button" disabled={check?.state === 'running' || idps.length === 0} onClick={() => void run()}>
          Run checks
        </button>
        {check?.state === 'running' && (
          <button type="button" onClick={() => void cancel('check')}>
            Cancel
          </button>
        )}
        {report && (
          <>
            <button type="button" onClick={() => download('md')}>
              Download report (Markdown)
            </button>
            <button type="button" onClick={() => download('json')}>
              Download report (JSON)
            </button>
          </>
        )}
      </div>
      {check && (
        <>
          {check.state === 'running' && (
            <p>
              <progress max={check.total || 1} value={check.done} aria-label="Check progress" /> {check.done}/{check.total || '…'}
            </p>
          )}
          {check.error && (
            <p className="error" role="alert" data-testid="check-error">
              {check.error}
            </p>
          )}
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
              <CheckResultRow key={result.id} result={result} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
