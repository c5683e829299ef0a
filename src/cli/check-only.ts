import type { CheckIdp } from '../shared/conformance';
import type { ReplayAuth } from '../shared/replay';
import { CHECKS } from '../engine/conformance/checks';
import { mattersTo } from '../engine/conformance/verdicts';

/** What `check --only` chose: the engine's filter, and how many of the run's checks it kept, to say so beside the verdicts. */
export interface CheckSelection {
  names: string[];
  accepts: (checkId: string) => boolean;
  chosen: number;
  of: number;
}

const familyOf = (checkId: string) => checkId.slice(0, checkId.indexOf('.'));

/**
 * The checks `--only` names, by id or by family (an id's part before its dot). A name that matches
 * no check is refused with the families, and so is a choice that leaves nothing to run for these
 * IdPs and credentials: a typo must not pass as a clean run.
 */
export function selectChecks(names: string[], idps: CheckIdp[], authKind: ReplayAuth['kind']): CheckSelection {
  const families = [...new Set(CHECKS.map((check) => familyOf(check.id)))];
  const unknown = names.filter((name) => !families.includes(name) && !CHECKS.some((check) => check.id === name));
  if (unknown.length > 0) {
    throw new Error(`--only: no check or family named ${unknown.map((name) => `"${name}"`).join(', ')}. The families: ${families.join(', ')}.`);
  }
  const wanted = new Set(names);
  const accepts = (checkId: string) => wanted.has(checkId) || wanted.has(familyOf(checkId));
  const inRun = CHECKS.filter((check) => mattersTo(check, idps) && (!check.appliesTo || check.appliesTo.includes(authKind)));
  const chosen = inRun.filter((check) => accepts(check.id)).length;
  if (chosen === 0) throw new Error(`--only ${names.join(',')} chooses no check that runs for --idp ${idps.join(',')} with these credentials.`);
  return { names, accepts, chosen, of: inRun.length };
}

/** Said beside the verdicts, which judge only the checks that ran. */
export function selectionLine(selection: CheckSelection): string {
  return `Only ${selection.chosen} of the ${selection.of} checks ran (--only ${selection.names.join(',')}); the verdicts judge those alone.`;
}
