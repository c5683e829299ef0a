import type { CheckIdp, IdpVerdict } from './conformance';

export const IDP_NAMES: Record<CheckIdp, string> = { okta: 'Okta', entra: 'Entra ID', onelogin: 'OneLogin' };

/** "Okta would work with this server" / "Okta would fail at: a; b" (CLI, Markdown report and inspector alike). */
export function verdictLine(verdict: IdpVerdict): string {
  const name = IDP_NAMES[verdict.idp];
  return verdict.works ? `${name} would work with this server` : `${name} would fail at: ${verdict.failedChecks.map((check) => check.name).join('; ')}`;
}
