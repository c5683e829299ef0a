import type { RecordedExchange, SessionSummary } from '../../shared/recording';
import type { NewExchange, StoredExchangeText } from '../store/recordings';
import { checkHeader, checkMethod, checkRequestTarget } from './http-syntax';
import { redactExchange } from './redact-exchange';
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
      `${change.membersAddedJson === null ? '' : `,"membersAdded":${change.membersAddedJson}`}${change.membersRemovedJson === null ? '' : `,"membersRemoved":${change.membersRemovedJson}`}}`,
  );
  return (
    `{"workspace":${text(stored.workspace)},"startedAt":${text(stored.startedAt)},"durationMs":${text(stored.durationMs)},"client":${text(stored.client)},` +
    `"source":${text(stored.source)},"operation":${text(stored.operation)},"request":${stored.requestJson},"response":${stored.responseJson},` +
    `"notes":${stored.notesJson},"changes":[${changes.join(',')}]}`
  );
}

export function isSessionFile(input: unknown): boolean {
  return typeof input === 'object' && input !== null && (input as { format?: unknown }).format === SESSION_FILE_FORMAT;
}

/**
 * Reads a session file, checking each exchange's shape (a file may be hand-edited or truncated)
 * and redacting again: a file from elsewhere may carry secrets this recorder never let through.
 * Errors name the first thing wrong, e.g. "exchanges[3].response.status must be a number".
 */
export function parseSessionFile(input: unknown, secrets: SecretNames = BUILT_IN_SECRETS): { name: string; exchanges: Omit<NewExchange, 'sessionId'>[] } {
  const file = object(input, 'The session file');
  if (file.format !== SESSION_FILE_FORMAT) throw new Error(`Not a SCIM Workbench session file ("format" must be "${SESSION_FILE_FORMAT}").`);
  if (file.version !== SESSION_FILE_VERSION)
    throw new Error(`Session file version ${JSON.stringify(file.version)} is not one this SCIM Workbench reads (${SESSION_FILE_VERSION}).`);
  const session = object(file.session, 'session');
  if (!Array.isArray(file.exchanges)) throw new Error('"exchanges" must be a list.');
  const exchanges = file.exchanges.map((item, index) => readExchange(item, `exchanges[${index}]`, secrets));
  return { name: text(session.name, 'session.name'), exchanges };
}

function readExchange(input: unknown, at: string, secrets: SecretNames): Omit<NewExchange, 'sessionId'> {
  const exchange = object(input, at);
  const request = object(exchange.request, `${at}.request`);
  const response = object(exchange.response, `${at}.response`);
  const status = response.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    throw new Error(`${at}.response.status must be an HTTP status number.`);
  const client = exchange.client;
  const source = exchange.source;
  const redacted = redactExchange(
    {
      request: {
        method: checkMethod(text(request.method, `${at}.request.method`), `${at}.request.method`),
        url: checkRequestTarget(text(request.url, `${at}.request.url`), `${at}.request.url`),
        headers: Object.fromEntries(headerPairs(request.headers, `${at}.request.headers`)),
        body: optionalText(request.body, `${at}.request.body`),
      },
      response: {
        status,
        headers: Object.fromEntries(headerPairs(response.headers, `${at}.response.headers`)),
        body: optionalText(response.body, `${at}.response.body`),
      },
      notes: Array.isArray(exchange.notes) ? (exchange.notes as NewExchange['notes']) : [],
      changes: Array.isArray(exchange.changes) ? (exchange.changes as NewExchange['changes']) : [],
    },
    secrets,
  );
  return {
    workspace: text(exchange.workspace, `${at}.workspace`),
    startedAt: date(exchange.startedAt, `${at}.startedAt`),
    durationMs: typeof exchange.durationMs === 'number' && exchange.durationMs >= 0 ? exchange.durationMs : 0,
    client: client === 'okta' || client === 'entra' || client === 'onelogin' || client === 'workbench' ? client : 'other',
    source: source === 'tunnel' ? 'tunnel' : 'local',
    operation: typeof exchange.operation === 'string' ? redacted.scrub(exchange.operation) : '',
    request: redacted.request,
    response: redacted.response,
    notes: redacted.notes,
    changes: redacted.changes,
  };
}

function headerPairs(value: unknown, at: string): [string, string][] {
  if (!Array.isArray(value) || !value.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every((part) => typeof part === 'string'))) {
    throw new Error(`${at} must be a list of [name, value] pairs.`);
  }
  value.forEach(([name, text], index) => checkHeader(name, text, `${at}[${index}]`));
  return value as [string, string][];
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${at} must be a JSON object.`);
  return value as Record<string, unknown>;
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${at} must be a non-empty string.`);
  return value;
}

function optionalText(value: unknown, at: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new Error(`${at} must be a string or null.`);
  return value;
}

function date(value: unknown, at: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new Error(`${at} must be an ISO 8601 time.`);
  return value;
}
