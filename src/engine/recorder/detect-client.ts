import type { ClientKind, RecordedNote } from '../../shared/recording';
import { HABITS, type Habit } from '../compat/modes';

/**
 * User-Agent fragments of the clients the workbench knows (case-insensitive). Okta's provisioning
 * agent says "Okta SCIM Client"; Entra's provisioning service "Microsoft.Identity.Provisioning"
 * (older: "Microsoft Azure", "AzureAD"); the workbench's own replay and simulator "scim-workbench/x".
 */
const USER_AGENTS: [fragment: string, client: ClientKind][] = [
  ['scim-workbench', 'workbench'],
  ['okta', 'okta'],
  ['microsoft.identity', 'entra'],
  ['azure', 'entra'],
  ['entra', 'entra'],
  ['onelogin', 'onelogin'],
];

const HABIT_OWNERS: Record<(typeof HABITS)[Habit], ClientKind> = { 'Entra ID': 'entra', Okta: 'okta', OneLogin: 'onelogin' };

/** Who sent a request: by User-Agent, else by the habits it showed, else "other". */
export function detectClient(input: { userAgent?: string; notes?: readonly RecordedNote[] }): ClientKind {
  const userAgent = input.userAgent?.toLowerCase() ?? '';
  for (const [fragment, client] of USER_AGENTS) if (userAgent.includes(fragment)) return client;
  for (const note of input.notes ?? []) {
    if (note.kind === 'normalised' && note.code in HABITS) return HABIT_OWNERS[HABITS[note.code as Habit]];
  }
  return 'other';
}
