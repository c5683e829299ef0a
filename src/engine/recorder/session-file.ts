import type { RecordedExchange, SessionSummary } from '../../shared/recording';
import { importedChanges } from './imported-changes';
import type { NewExchange, StoredExchangeText } from '../store/recordings';
import { Type, type Static } from 'typebox';
import { isPlainObject } from '../../shared/json-values';
import { clientKind, fileCheck, FileParts } from './file-check';
import { checkHeader, checkMethod, checkRequestTarget } from './http-syntax';
import { redactExchange } from './redact-exchange';
import { importedInjected } from './imported-injected';
import type { InjectedFault } from '../../shared/faults';
import { BUILT_IN_SECRETS, type SecretNames } from './secret-names';

export const SESSION_FILE_FORMAT = 'scim-workbench-session';
export const SESSION_FILE_VERSION = 1;

/** A session as a file (`*.scim-session.json`): everything the recorder kept, ids left out. */
export interface SessionFile {
  format: typeof SESSION_FILE_FORMAT;
  version: typeof SESSION_FILE_VERSION;
  exportedAt: string;
  session: { name: string; createdAt: string };
  exchanges: Omit<RecordedExchange, 'id' | 'sessionId'>[];
}

export function toSessionFile(session: SessionSummary, exchanges: readonly RecordedExchange[], exportedAt = new Date()): SessionFile {
  return {
    format: SESSION_FILE_FORMAT,
    version: SESSION_FILE_VERSION,
    exportedAt: exportedAt.toISOString(),
    session: { name: session.name, createdAt: session.createdAt },
    exchanges: exchanges.map(toSessionFileExchange),
  };
}

/** Everything but the ids; `injected` (what a fault rule did) when there is one, last, as sessionFileExchangeJson writes it. */
export const toSessionFileExchange = ({ id: _id, sessionId: _session, ...exchange }: RecordedExchange): SessionFile['exchanges'][number] => exchange;

/**
 * The JSON text of `toSessionFileExchange` of a stored exchange, with the stored JSON columns copied
 * in as they are: a long export spends its time parsing and re-serialising these otherwise. Same
 * fields, same order (the session-export test compares the two).
 */
export function sessionFileExchangeJson(stored: StoredExchangeText): string {
  const text = JSON.stringify;
  const changes = stored.changes.map(
    (change) =>
      `{"resourceType":${text(change.resourceType)},"resourceId":${text(change.resourceId)},"before":${change.beforeJson ?? 'null'},"after":${change.afterJson ?? 'null'}` +
      `${change.membersAddedJson === null ? '' : `,"membersAdded":${change.membersAddedJson}`}${change.membersRemovedJson === null ? '' : `,"membersRemoved":${change.membersRemovedJson}`}` +
      `${change.observed ? ',"observed":true' : ''}}`,
  );
  return (
    `{"workspace":${text(stored.workspace)},"startedAt":${text(stored.startedAt)},"durationMs":${text(stored.durationMs)},"client":${text(stored.client)},` +
    `"source":${text(stored.source)},"operation":${text(stored.operation)},"request":${stored.requestJson},"response":${stored.responseJson},` +
    `"notes":${stored.notesJson},"changes":[${changes.join(',')}]${stored.injectedJson === null ? '' : `,"injected":${stored.injectedJson}`}}`
  );
}

export function isSessionFile(input: unknown): boolean {
  return typeof input === 'object' && input !== null && (input as { format?: unknown }).format === SESSION_FILE_FORMAT;
}

const HeaderPairs = Type.Array(Type.Tuple([Type.String(), Type.String()], { description: 'a [name, value] pair of strings' }), {
  description: 'a list of [name, value] pairs',
});
const OptionalText = Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'a string or null' }));

/** What an import needs of an exchange; its duration, client, source, operation, notes, changes and injected are read leniently. */
const ExchangeSchema = FileParts.object({
  request: FileParts.object({ method: FileParts.nonEmptyText, url: FileParts.nonEmptyText, headers: HeaderPairs, body: OptionalText }),
  response: FileParts.object({ status: FileParts.status, headers: HeaderPairs, body: OptionalText }),
  workspace: FileParts.nonEmptyText,
  startedAt: FileParts.time,
});

const checkSessionFile = fileCheck(
  FileParts.object({ session: FileParts.object({ name: FileParts.nonEmptyText }), exchanges: Type.Array(ExchangeSchema, { description: 'a list' }) }),
  'The session file',
);

/**
 * Reads a session file, checking each exchange's shape (a file may be hand-edited or truncated)
 * and redacting again: a file from elsewhere may carry secrets this recorder never let through.
 * Errors name the first thing wrong, e.g. "exchanges[3].response.status must be an HTTP status number".
 */
export function parseSessionFile(input: unknown, secrets: SecretNames = BUILT_IN_SECRETS): { name: string; exchanges: Omit<NewExchange, 'sessionId'>[] } {
  if (!isPlainObject(input)) throw new Error('The session file must be a JSON object.');
  if (input.format !== SESSION_FILE_FORMAT) throw new Error(`Not a SCIM Workbench session file ("format" must be "${SESSION_FILE_FORMAT}").`);
  if (input.version !== SESSION_FILE_VERSION)
    throw new Error(`Session file version ${JSON.stringify(input.version)} is not one this SCIM Workbench reads (${SESSION_FILE_VERSION}).`);
  const file = checkSessionFile(input);
  return { name: file.session.name, exchanges: file.exchanges.map((item, index) => readExchange(item, `exchanges[${index}]`, secrets)) };
}

/** An exchange as checked, with the fields read leniently as the file may have them. */
type ImportedExchange = Static<typeof ExchangeSchema> & {
  [Key in 'durationMs' | 'client' | 'source' | 'operation' | 'notes' | 'changes' | 'injected']?: unknown;
};

function readExchange(exchange: ImportedExchange, at: string, secrets: SecretNames): Omit<NewExchange, 'sessionId'> {
  const { request, response } = exchange;
  const redacted = redactExchange(
    {
      request: {
        method: checkMethod(request.method, `${at}.request.method`),
        url: checkRequestTarget(request.url, `${at}.request.url`),
        headers: Object.fromEntries(checkHeaders(request.headers, `${at}.request.headers`)),
        body: request.body ?? null,
      },
      response: {
        status: response.status,
        headers: Object.fromEntries(checkHeaders(response.headers, `${at}.response.headers`)),
        body: response.body ?? null,
      },
      notes: Array.isArray(exchange.notes) ? (exchange.notes as NewExchange['notes']) : [],
      changes: importedChanges(exchange.changes, at),
    },
    secrets,
  );
  return {
    workspace: exchange.workspace,
    startedAt: exchange.startedAt,
    durationMs: typeof exchange.durationMs === 'number' && exchange.durationMs >= 0 ? exchange.durationMs : 0,
    client: clientKind(exchange.client),
    source: exchange.source === 'tunnel' ? 'tunnel' : 'local',
    operation: typeof exchange.operation === 'string' ? redacted.scrub(exchange.operation) : '',
    request: redacted.request,
    response: redacted.response,
    notes: redacted.notes,
    changes: redacted.changes,
    ...withInjected(importedInjected(exchange.injected, redacted.scrub)),
  };
}

const withInjected = (injected: InjectedFault | undefined) => (injected ? { injected } : {});

function checkHeaders(pairs: [string, string][], at: string): [string, string][] {
  pairs.forEach(([name, text], index) => checkHeader(name, text, `${at}[${index}]`));
  return pairs;
}
