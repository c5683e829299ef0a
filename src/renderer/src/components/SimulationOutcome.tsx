import type { SimulationJobState } from '../../../shared/simulator';

/**
 * A simulation's (or the demo's) progress and what it did, shown under the button that started it.
 * A run that failed (the target cannot be reached, say) says why once, as an alert.
 */
export function SimulationOutcome({ job, testId }: { job: SimulationJobState; testId: string }) {
  const result = job.result;
  return (
    <>
      <p data-testid={`${testId}-progress`}>
        {job.requests} {job.requests === 1 ? 'request' : 'requests'} to {job.target}
        {job.state === 'running' && job.step ? ` · ${job.step}` : ` · ${job.state}`}
      </p>
      {job.error && (
        <p className="error" role="alert" data-testid={`${testId}-error`}>
          {job.error}
        </p>
      )}
      {result && (
        <div data-testid={`${testId}-result`}>
          <p>
            Users: {result.users.created} created, {result.users.updated} updated, {result.users.deactivated} deactivated, {result.users.reactivated}{' '}
            reactivated, {result.users.deleted} deleted. Groups: {result.groups.created} created, {result.groups.renamed} renamed, {result.groups.membersAdded}{' '}
            members added, {result.groups.membersRemoved} removed.
          </p>
          {result.reaction?.modelled && (
            <p className="hint" data-testid={`${testId}-reaction`} title={result.reaction.model}>
              MODELLED reaction: {result.reaction.retries} {result.reaction.retries === 1 ? 'retry' : 'retries'}, {result.reaction.gaveUp} given up
              {result.reaction.quarantined ? ', job quarantined' : ''}.
            </p>
          )}
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
    </>
  );
}
