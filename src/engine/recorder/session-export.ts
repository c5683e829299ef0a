import type { SessionSummary } from '../../shared/recording';
import type { RecordingStore } from '../store/recordings';
import { fromHar, toHar } from './har';
import { redactRecorded } from './redact-exchange';
import { BUILT_IN_SECRETS, secretNamesFor, type SecretNames } from './secret-names';
import { isSessionFile, parseSessionFile, toSessionFile } from './session-file';
import type { WorkspaceStore } from '../store/workspaces';

export type ExportFormat = 'json' | 'har';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'har'];

/**
 * A session as a file's text and a file name for it. Secrets were redacted when recorded, and are
 * again here with `secrets` (see allWorkspaceSecrets): the rows may predate today's list.
 */
export function exportSession(recordings: RecordingStore, sessionId: number, format: ExportFormat, creatorVersion: string, secrets: SecretNames = BUILT_IN_SECRETS): { fileName: string; text: string } {
  const session = recordings.session(sessionId);
  if (!session) throw new Error(`No session ${sessionId}.`);
  const exchanges = recordings.sessionExchanges(sessionId).map((exchange) => redactRecorded(exchange, secrets));
  const document = format === 'har' ? toHar(exchanges, { creatorVersion, sessionName: session.name }) : toSessionFile(session, exchanges);
  const base = session.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || `session-${session.id}`;
  return { fileName: `${base}.${format === 'har' ? 'har' : 'scim-session.json'}`, text: JSON.stringify(document, null, 2) };
}

/**
 * Reads a session file or a HAR (told apart by their shape) into a new, imported session, redacting
 * with `secrets` (see allWorkspaceSecrets).
 */
export function importSession(recordings: RecordingStore, document: unknown, name: string | undefined, secrets: SecretNames): SessionSummary {
  if (isSessionFile(document)) {
    const parsed = parseSessionFile(document, secrets);
    return recordings.importSession(name ?? parsed.name, parsed.exchanges);
  }
  const exchanges = fromHar(document, secrets);
  const creator = (document as { log?: { creator?: { comment?: unknown; name?: unknown } } }).log?.creator;
  const fallback = typeof creator?.comment === 'string' && creator.comment ? creator.comment : `Imported HAR${typeof creator?.name === 'string' ? ` (${creator.name})` : ''}`;
  return recordings.importSession(name ?? fallback, exchanges);
}

/**
 * What an import or an export redacts: a file's exchanges name workspaces that may not exist here
 * (or differ), so the `returned: never` attributes of every workspace's extensions count for all of them.
 */
export function allWorkspaceSecrets(workspaces: WorkspaceStore): SecretNames {
  return secretNamesFor(workspaces.list().flatMap((workspace) => workspace.settings.extensions));
}
