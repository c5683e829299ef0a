import type { CheckIdp, CheckResult, IdpVerdict } from '../../shared/conformance';
import type { CheckDefinition } from './check-context';

/** The IdPs a check's outcome counts for: its own list, else its IdP, else (a common check) every IdP. */
export function idpsOf(check: Pick<CheckDefinition, 'scope' | 'idps'>): CheckIdp[] {
  if (check.idps) return check.idps;
  return check.scope === 'common' ? ['okta', 'entra', 'onelogin'] : [check.scope];
}

/** Whether a check runs for the chosen IdPs: it matters to one of them (a common check for every IdP always runs). */
export function mattersTo(check: Pick<CheckDefinition, 'scope' | 'idps'>, chosen: CheckIdp[]): boolean {
  if (check.scope === 'common' && !check.idps) return true;
  return idpsOf(check).some((idp) => chosen.includes(idp));
}

/**
 * Per chosen IdP: would it work with the server? It would not when a check that matters to it
 * failed. A skipped check is left out: it was skipped because an earlier one failed, and that one
 * is already named when it matters to the IdP.
 */
export function verdictsOf(results: CheckResult[], definitions: Pick<CheckDefinition, 'id' | 'scope' | 'idps'>[], chosen: CheckIdp[]): IdpVerdict[] {
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  return chosen.map((idp) => {
    const failedChecks = results
      .filter((result) => result.status === 'fail' && idpsOf(byId.get(result.id) ?? result).includes(idp))
      .map((result) => ({ id: result.id, name: result.name }));
    return { idp, works: failedChecks.length === 0, failedChecks };
  });
}
