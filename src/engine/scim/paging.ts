import { ScimError } from './errors';

/**
 * Paging values (RFC 7644 §3.4.2.4): startIndex and count are integers. What the RFC says
 * to do with an integer out of range is done (startIndex below 1 is 1, a negative count is 0,
 * a count above the page maximum is that maximum); a value that is not an integer at all
 * (`abc`, `1.5`, `1e999`) is a 400 invalidValue rather than the default, because a client
 * that computed `NaN` or `1.5` has a bug that a silent first page would hide (an importer
 * paging on would get page one again and again).
 *
 * An integer too large to be exact in a double (`99999999999999999999`) is still an integer
 * past the end of any list: it is read as the largest exact one, so the page is empty and
 * the response's startIndex stays an integer (not `1e+20`, `1e+300` or, for Infinity, `null`).
 */
export type PagingField = 'startIndex' | 'count';

/** Beyond this a double no longer holds every integer, and SQLite's 64-bit OFFSET still does. */
const LARGEST = Number.MAX_SAFE_INTEGER;

/** A query-string value: decimal digits with an optional sign, nothing else (no `1e3`, `0x10`, ` 5`). */
export function pagingValueFromText(field: PagingField, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(text)) throw notAnInteger(field, JSON.stringify(text));
  return exact(Number(text));
}

/** A SearchRequest body value: a JSON number that is an integer (`1e300` is one, `1e999` parses to Infinity and is not). */
export function pagingValueFromJson(field: PagingField, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw notAnInteger(field, typeof value === 'number' ? String(value) : JSON.stringify(value));
  }
  return exact(value);
}

/** The page a list serves: RFC 7644 §3.4.2.4's clamping, over values already known to be integers. */
export function effectivePaging(query: { startIndex?: number; count?: number }, maxResults: number) {
  // Engine callers (admin API, simulator) pass numbers straight in; hold them to the same rule.
  for (const field of ['startIndex', 'count'] as const) {
    const value = query[field];
    if (value !== undefined && !Number.isInteger(value) && !(value === Infinity || value === -Infinity)) {
      throw notAnInteger(field, String(value));
    }
  }
  const startIndex = exact(Math.max(1, query.startIndex ?? 1));
  const count = Math.min(Math.max(0, query.count ?? maxResults), maxResults);
  return { startIndex, count };
}

const exact = (value: number) => Math.min(Math.max(value, -LARGEST), LARGEST);

const notAnInteger = (field: PagingField, shown: string) =>
  ScimError.badRequest('invalidValue', `"${field}" must be an integer (RFC 7644 §3.4.2.4); ${shown} is not one.`);
