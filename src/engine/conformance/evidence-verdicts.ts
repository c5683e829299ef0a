import type { VerdictFinding } from '../../shared/verdicts';
import { redactBody } from '../recorder/redact';
import { judgeExchange } from '../verdicts/judge';
import type { Evidence } from './check-context';

/**
 * The verdict engine's errors and warnings on a check's evidence: the same rules a recorded or
 * proxied exchange is judged by, so a check's report and the traffic list say the same about an
 * answer. Judged on the redacted bodies, as a recording would be: a finding quotes what it saw.
 */
export function evidenceVerdicts(evidence: Evidence): VerdictFinding[] {
  const { request, answer } = evidence;
  const requestText = request.body === undefined ? null : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  return judgeExchange({
    client: evidence.scope && evidence.scope !== 'common' ? evidence.scope : 'workbench',
    request: { method: request.method, url: request.path, headers: [], body: redactBody(requestText) },
    response: { status: answer.status, headers: [...answer.headers], body: redactBody(answer.text) },
  }).filter((finding) => finding.severity !== 'info');
}
