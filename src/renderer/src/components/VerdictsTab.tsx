import type { VerdictFinding } from '../../../shared/verdicts';
import { IDP_NAMES } from '../../../shared/check-verdicts';

const SEVERITY_LABELS: Record<VerdictFinding['severity'], string> = { error: 'Error', warning: 'Warning', info: 'Info' };

/** What the verdict engine found wrong with the answer: each finding with its rule, source, what was seen and the fix. */
export function VerdictsTab({ verdicts }: { verdicts: VerdictFinding[] }) {
  if (verdicts.length === 0)
    return <p className="empty">Nothing to report: this answer keeps every rule of RFC 7643/7644 and of the IdP that sent the request.</p>;
  return (
    <ul className="verdicts" aria-label="Verdict findings">
      {verdicts.map((finding, index) => (
        <li key={`${finding.id}-${index}`} className={`verdict verdict-${finding.severity}`}>
          <h3>
            <span className="verdict-severity">{SEVERITY_LABELS[finding.severity]}</span>
            {finding.idp && <span className="verdict-idp">{IDP_NAMES[finding.idp]}</span>} {finding.rule}
          </h3>
          <dl>
            <dt>Seen</dt>
            <dd>{finding.seen}</dd>
            <dt>Fix</dt>
            <dd>{finding.fix}</dd>
            <dt>Source</dt>
            <dd>
              {finding.source} · <code>{finding.id}</code>
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
