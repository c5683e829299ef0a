import type { ClientKind, RecordedNote } from '../../shared/recording';
import { HABITS, type Habit } from '../compat/modes';

/**
 * User-Agent fragments of the clients the workbench knows, matched case-insensitively as
 * substrings, first match wins (so the workbench's own replay is never taken for an IdP):
 *
 * - the workbench's replay and simulator send `scim-workbench/<version>`;
 * - Okta's provisioning sends `Okta SCIM Client <version>` (any UA naming Okta is taken for it);
 * - Entra ID's provisioning service sends `Microsoft.Identity.Provisioning…`; older and other
 *   Microsoft clients name `Microsoft Azure` or `AzureAD`, which `azure` covers. A bare `entra` is
 *   not listed: it occurs inside ordinary words ("central").
 * - OneLogin names itself.
 */
const USER_AGENTS: [fragment: string, client: ClientKind][] = [
  ['scim-workbench', 'workbench'],
  ['okta', 'okta'],
  ['microsoft.identity', 'entra'],
  ['azure', 'entra'],
  ['onelogin', 'onelogin'],
];

/** The client each IdP named in HABITS stands for. */
const HABIT_OWNERS: Record<(typeof HABITS)[Habit], ClientKind> = { 'Entra ID': 'entra', Okta: 'okta', OneLogin: 'onelogin' };

/**
 * Who sent a request: by its User-Agent; else by the first IdP habit the engine normalised in it
 * (a `normalised` note whose code is a HABITS name); else `other`.
 */
export function detectClient(input: { userAgent?: string; notes?: readonly RecordedNote[] }): ClientKind {
  const userAgent = input.userAgent?.toLowerCase() ?? '';
  for (const [fragment, client] of USER_AGENTS) if (userAgent.includes(fragment)) return client;
  for (const note of input.notes ?? []) {
    if (note.kind === 'normalised' && Object.hasOwn(HABITS, note.code)) return HABIT_OWNERS[HABITS[note.code as Habit]];
  }
  return 'other';
}
