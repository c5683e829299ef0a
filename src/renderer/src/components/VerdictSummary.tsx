import { useEffect } from 'react';
import { verdictSummaryLine } from '../../../shared/verdicts';
import { useConnection } from '../store/connection';
import { useScope } from '../store/scope';
import { useSessions } from '../store/sessions';
import { useSessionVerdicts } from '../store/verdicts';

/**
 * The shown session's answers judged, in one line ("12 answers judged: 3 would fail Okta, 1 RFC
 * error"), with the rules that fired under it. Read again when the session's exchange count changes
 * (paced by the store); nothing when the list shows every session.
 */
export function VerdictSummary() {
  const client = useConnection((state) => state.client);
  const sessionId = useScope((scope) => scope.session);
  const exchangeCount = useSessions((list) => list.sessions.find((session) => session.id === sessionId)?.exchangeCount);
  const { summary, error, load, clear } = useSessionVerdicts();

  useEffect(() => {
    if (client && sessionId !== undefined) load(client, sessionId);
    else clear();
  }, [client, sessionId, exchangeCount, load, clear]);

  if (sessionId === undefined || (!summary && !error)) return null;
  if (error) return <p className="verdict-summary error">The verdicts could not be read: {error}</p>;
  if (!summary || summary.sessionId !== sessionId) return null;
  const line = verdictSummaryLine(summary);
  if (summary.findings.length === 0)
    return (
      <p className="verdict-summary" data-testid="verdict-summary">
        {line}
      </p>
    );
  return (
    <details className="verdict-summary" data-testid="verdict-summary">
      <summary>{line}</summary>
      <ul aria-label="Rules that fired in this session">
        {summary.findings.map((finding) => (
          <li key={finding.id} className={`verdict-${finding.severity}`}>
            <code>{finding.id}</code> × {finding.count}: {finding.rule}
          </li>
        ))}
      </ul>
    </details>
  );
}
