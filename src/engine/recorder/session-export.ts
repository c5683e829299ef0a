import type { SessionSummary } from '../../shared/recording';
import type { RecordingStore } from '../store/recordings';
import type { StoredExchangeText } from '../store/recordings';
import type { WorkspaceStore } from '../store/workspaces';
import { fromHar, toHar, toHarEntry } from './har';
import { redactRecorded } from './redact-exchange';
import { BUILT_IN_SECRETS, OAUTH_FIELDS, secretNamesFor, type SecretNames } from './secret-names';
import { streamedJsonChunks, STREAMED_LIST } from './streamed-json';
import { isSessionFile, parseSessionFile, sessionFileExchangeJson, toSessionFile, type SessionFile } from './session-file';
import { EXPORT_FORMATS, type ExportFormat } from './export-formats';

export { EXPORT_FORMATS, type ExportFormat };

/**
 * The work between two turns of the event loop (see pagesOf): a SCIM request arriving meanwhile
 * waits up to this long. Pages grow or shrink to fit it, within PAGE_SIZES.
 */
export const PAGE_BUDGET_MS = 4;
const PAGE_SIZES = { first: 100, min: 10, max: 200 };

export interface ExportOptions {
  creatorVersion: string;
  /**
   * Redacted again on the way out (see allWorkspaceSecrets): rows recorded by an older version, under
   * a shorter list, or before a workspace declared an attribute `returned: never` must not leave in clear.
   */
  secrets?: SecretNames;
  /** A fixed number of exchanges per page instead of pages sized to PAGE_BUDGET_MS (tests). */
  pageSize?: number;
  /** The session file's `exportedAt`; now by default. */
  exportedAt?: Date;
  /** Told the number of exchanges written so far, after each page (the CLI's progress bar). */
  onProgress?: (exported: number) => void;
}

/** A session being exported: its file's name and text; secrets were redacted when recorded. */
export interface SessionExport {
  fileName: string;
  session: SessionSummary;
  /**
   * The file's text, a page of exchanges per chunk, read from the database only as the consumer
   * asks for more: memory stays constant however long the session. Parsed, it is `toSessionFile` or
   * `toHar` of all the session's exchanges (see streamed-json.ts for the layout). Holds the exchanges recorded
   * up to the moment of this call; those recorded while it runs belong to a later export.
   */
  chunks: AsyncGenerator<string>;
}

/** Throws at once for an unknown session, so that a caller can refuse before it starts writing. */
export function exportSession(recordings: RecordingStore, sessionId: number, format: ExportFormat, options: ExportOptions): SessionExport {
  const session = recordings.session(sessionId);
  if (!session) throw new Error(`No session ${sessionId}.`);
  const throughId = recordings.lastExchangeId();
  const secrets = options.secrets ?? BUILT_IN_SECRETS;
  const chunks =
    format === 'har'
      ? streamedJsonChunks(
          { log: { ...toHar([], { creatorVersion: options.creatorVersion, sessionName: session.name }).log, entries: STREAMED_LIST } },
          pagesOf(
            (afterId, limit) => recordings.sessionExchangePage(sessionId, afterId, throughId, limit),
            (exchange) => JSON.stringify(toHarEntry(redactRecorded(exchange, secrets))),
            options,
          ),
        )
      : streamedJsonChunks(
          { ...toSessionFile(session, [], options.exportedAt), exchanges: STREAMED_LIST },
          // Stored JSON copied as it is: parsing and re-serialising it was most of an export's time.
          pagesOf(
            (afterId, limit) => recordings.sessionExchangeTextPage(sessionId, afterId, throughId, limit),
            (stored) => redactedSessionFileLine(stored, secrets),
            options,
          ),
        );
  return { fileName: exportFileName(session, format), session, chunks: holdingRetention(recordings, chunks) };
}

/** While the export reads, retention deletes nothing (it would take rows from between two pages). */
async function* holdingRetention(recordings: RecordingStore, chunks: AsyncGenerator<string>): AsyncGenerator<string> {
  recordings.activeExports++;
  try {
    yield* chunks;
  } finally {
    recordings.activeExports--;
  }
}

export function exportFileName(session: Pick<SessionSummary, 'id' | 'name'>, format: ExportFormat): string {
  const base = session.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || `session-${session.id}`;
  return `${base}.${format === 'har' ? 'har' : 'scim-session.json'}`;
}

/**
 * The session's exchanges as JSON texts, a page at a time by id (keyset pagination), with a turn of
 * the event loop before each page but the first. The SCIM listener and the admin API share this
 * process and its one database connection: between two pages the server answers whatever requests
 * arrived, so a request waits at most one page's work (about PAGE_BUDGET_MS: each page is sized
 * from the last one's time, as the cost of an exchange differs by format, size and machine) instead
 * of the whole export. `npm run bench -- --only export` measures it: on this project's 2-core VM, SCIM
 * lookups at 200 req/s during a 200k-exchange export had a p99 of 9–10 ms (6–19 ms without an export)
 * and the engine's event-loop delay a p99 of 6–9 ms (2–3 ms without); an 8 ms budget gave about
 * twice that delay at the same export speed. A worker thread with its own read-only connection would
 * keep even the page off the loop, but it needs its own entry in each build (tsx, electron-vite's
 * utility process) and shares the same two cores; it was not needed for the target and was not measured.
 * No statement stays open between pages: better-sqlite3 refuses other queries on a connection while
 * an iterator is open, and a long read transaction would keep the WAL from being checkpointed.
 */
async function* pagesOf<T extends { id: number }>(
  readPage: (afterId: number, limit: number) => T[],
  toJson: (item: T) => string,
  options: ExportOptions,
): AsyncGenerator<string[]> {
  let pageSize = options.pageSize ?? PAGE_SIZES.first;
  let afterId = 0;
  let exported = 0;
  for (;;) {
    if (exported > 0) await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    const page = readPage(afterId, pageSize);
    if (page.length === 0) return;
    const texts = page.map(toJson);
    const elapsed = performance.now() - started;
    yield texts;
    exported += page.length;
    options.onProgress?.(exported);
    if (page.length < pageSize) return;
    afterId = page.at(-1)!.id;
    if (options.pageSize === undefined) {
      const fitting = Math.round((page.length * PAGE_BUDGET_MS) / Math.max(elapsed, 0.1));
      // At most doubling: one quick page (a warm cache, a pause of the other work) must not make the next one long.
      pageSize = Math.min(PAGE_SIZES.max, Math.max(PAGE_SIZES.min, Math.min(fitting, pageSize * 2)));
    }
  }
}

/**
 * A stored exchange as a session file's line. The stored JSON is copied as it is unless it may hold
 * a secret (the same quick look the recorder makes, plus header names an older version kept): then
 * it is parsed and redacted. Parsing every line would make a long export several times slower.
 */
function redactedSessionFileLine(stored: StoredExchangeText, secrets: SecretNames): string {
  const line = sessionFileExchangeJson(stored);
  if (!secrets.mayMention(line) && !SECRET_HEADER_NAME.test(line) && !OAUTH_FIELD.test(line)) return line;
  return JSON.stringify(redactRecorded(JSON.parse(line) as SessionFile['exchanges'][number], secrets));
}

/** A query parameter or form field that is a secret only there (OAuth's `code`, SAML's `SAMLResponse`…), in a URL or a form body. */
const OAUTH_FIELD = new RegExp(`[?&"](?:${OAUTH_FIELDS.join('|')})=`, 'i');

/** A header (in the stored `[["name","value"],…]` form) whose name may hold a credential, Authorization aside (always redacted). */
const SECRET_HEADER_NAME = /\["(?!(?:proxy-)?authorization")[^"]*(?:auth|cookie|session|csrf|xsrf|signature)[^"]*","/i;

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
  const fallback =
    typeof creator?.comment === 'string' && creator.comment ? creator.comment : `Imported HAR${typeof creator?.name === 'string' ? ` (${creator.name})` : ''}`;
  return recordings.importSession(name ?? fallback, exchanges);
}

/**
 * What an import or an export redacts: a file's exchanges name workspaces that may not exist here
 * (or differ), so the `returned: never` attributes of every workspace's extensions count for all of them.
 */
export function allWorkspaceSecrets(workspaces: WorkspaceStore): SecretNames {
  const list = workspaces.list();
  // Each workspace's auth header too: an imported file may carry its value, and an export must not.
  return secretNamesFor(list.flatMap((workspace) => workspace.settings.extensions)).withSecretHeaders(
    list.map((workspace) => workspace.settings.auth.headerName),
  );
}
