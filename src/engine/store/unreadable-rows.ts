import type { RecordedNote } from '../../shared/recording';

/**
 * The note on an exchange some of whose stored parts could not be read: its code is
 * UNREADABLE_REQUEST when the request was among them (it cannot be replayed as recorded). Made as the
 * row is read; an export carries it, so a session exported and imported again keeps it, saying what
 * the original lacked.
 */
const UNREADABLE = 'unreadable';
export const UNREADABLE_REQUEST = 'unreadable-request';

/** A stored part that parsed but is not of its shape; its message names no stored text. */
export class ShapeError extends Error {}

/**
 * Reads the JSON parts of one stored row, each on its own: a part that does not parse, or is not
 * the shape it must be, is replaced by its fallback and named in `note()`. A file damaged or edited
 * by hand then shows that row as far as it can be read, with a note saying what could not be,
 * instead of failing every list or view it is part of.
 */
export class RowParts {
  private readonly failures: string[] = [];

  read<T>(what: string, parse: () => T, fallback: T): T {
    try {
      return parse();
    } catch (error) {
      // Never the error's own words: JSON.parse's quote the stored text around the fault, which may hold a secret.
      this.failures.push(`${what} (${error instanceof ShapeError ? error.message : error instanceof SyntaxError ? 'not valid JSON' : 'unreadable'})`);
      return fallback;
    }
  }

  /** The note saying which parts were not read, or undefined when every part was. */
  note(requestLost = false): RecordedNote | undefined {
    if (this.failures.length === 0) return undefined;
    return {
      kind: 'unreadable',
      code: requestLost ? UNREADABLE_REQUEST : UNREADABLE,
      detail: `Part of this exchange could not be read from the database, so it is shown without it: ${this.failures.join('; ')}.`,
    };
  }
}

function parsed(text: unknown): unknown {
  if (typeof text !== 'string') throw new ShapeError('not text');
  return JSON.parse(text);
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string';
/** An HTTP status, or 0 for an exchange that got no answer (as a session file's import takes it). */
export const isStatus = (value: unknown): value is number => Number.isInteger(value) && (value === 0 || ((value as number) >= 100 && (value as number) <= 599));
const isHeaderPairs = (value: unknown) =>
  Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && isText(pair[0]) && isText(pair[1]));

/** JSON text that must hold an object (an injected fault, a resource document). */
export function parseObject<T>(text: unknown): T {
  const value = parsed(text);
  if (!isObject(value)) throw new ShapeError('not an object');
  return value as T;
}

/** A stored request or response part: an object with its [name, value] header pairs, and its method and URL or its status. */
export function parsePart<T>(text: unknown, kind: 'request' | 'response'): T {
  const value = parseObject<Record<string, unknown>>(text);
  if (!isHeaderPairs(value.headers)) throw new ShapeError('its headers are not [name, value] pairs');
  if (kind === 'request' && !(isText(value.method) && value.method !== '' && isText(value.url) && value.url !== '')) throw new ShapeError('no method or URL');
  if (kind === 'response' && !isStatus(value.status)) throw new ShapeError('no HTTP status');
  if (value.body !== undefined && value.body !== null && !isText(value.body)) throw new ShapeError('its body is not text');
  return value as T;
}

/** Stored notes: a list of notes, each with its kind, code and detail. */
export function parseNotes(text: unknown): RecordedNote[] {
  const value = parsed(text);
  if (!Array.isArray(value) || !value.every((note) => isObject(note) && isText(note.kind) && isText(note.code) && isText(note.detail))) {
    throw new ShapeError('not a list of notes');
  }
  return value as RecordedNote[];
}

/**
 * For a reader that copies a resource version's stored text without parsing it (an export): 1 when
 * each of its JSON parts is text and well-formed. json_valid is C and makes no objects; it stops at a
 * NUL byte, which JSON.parse refuses, so text holding one is refused first. Its shape is not checked,
 * as its reader does not: an imported session keeps the changes its file holds, however odd.
 */
export const READABLE_VERSION_SQL = `(CASE WHEN ${['before', 'after', 'members_added', 'members_removed'].map(wellFormedOrNull).join(' AND ')} THEN 1 ELSE 0 END)`;

function wellFormedOrNull(column: string): string {
  return `(${column} IS NULL OR (typeof(${column}) = 'text' AND instr(CAST(${column} AS BLOB), x'00') = 0 AND json_valid(${column})))`;
}
