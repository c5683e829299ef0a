import type { IdpVerdict } from '../../../shared/conformance';
import { verdictLine } from '../../../shared/check-verdicts';

/** The answer to "would this IdP work with the server?", one line per chosen IdP, above the check results. */
export function CheckVerdicts({ verdicts }: { verdicts: IdpVerdict[] }) {
  return (
    <ul className="check-verdicts" aria-label="Verdicts">
      {verdicts.map((verdict) => (
        <li key={verdict.idp} className={verdict.works ? 'check-pass' : 'check-fail'}>
          <strong>
            {verdict.works ? '✓' : '✗'} {verdictLine(verdict)}
          </strong>
        </li>
      ))}
    </ul>
  );
}
