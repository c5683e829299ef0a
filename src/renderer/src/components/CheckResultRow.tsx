import { useState } from 'react';
import type { CheckResult } from '../../../shared/conformance';
import { JsonView } from './JsonView';

const MARKS = { pass: '✓', fail: '✗', skip: '–' } as const;

/**
 * One check's result: its name, and when opened what it expects (the source), what went wrong and
 * what the IdP does about it, and its evidence — the request sent and the answer received, as the
 * engine's report carries them (secrets redacted, the answer cut at 2,000 characters). A failure
 * opens by itself; the bodies are rendered only while the row is open.
 */
export function CheckResultRow({ result }: { result: CheckResult }) {
  const [open, setOpen] = useState(result.status === 'fail');
  const { request, response } = result;
  return (
    <li className={`check-${result.status}`}>
      <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          {MARKS[result.status]} {result.name} <span className="hint">({result.scope})</span>
        </summary>
        <p className="hint">{result.source}</p>
        {result.problems.length > 0 && (
          <ul>
            {result.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        {(result.notes ?? []).map((note) => (
          <p key={note} className="hint">
            Note: {note}
          </p>
        ))}
        {result.consequence && <p className="warning">What the IdP does: {result.consequence}</p>}
        {result.verdicts && result.verdicts.length > 0 && (
          <ul aria-label={`Verdicts on the answer of ${result.name}`}>
            {result.verdicts.map((finding) => (
              <li key={finding.id} className={`verdict-${finding.severity}`}>
                {finding.seen} {finding.fix} <span className="hint">({finding.source})</span>
              </li>
            ))}
          </ul>
        )}
        {open && request && (
          <section className="check-evidence" aria-label={`Evidence of ${result.name}`}>
            <h4>Request</h4>
            <p>
              <code data-testid="check-request-line">
                {request.method} {request.path}
              </code>
            </p>
            {request.body !== undefined && <JsonView label="Request" text={typeof request.body === 'string' ? request.body : JSON.stringify(request.body)} />}
            <h4>Answer</h4>
            {response ? (
              <>
                <p data-testid="check-answer-line">
                  {response.status} <code>{response.contentType || 'no content type'}</code>
                </p>
                <JsonView label="Answer" text={response.body} />
              </>
            ) : (
              <p className="empty">No answer.</p>
            )}
          </section>
        )}
      </details>
    </li>
  );
}
