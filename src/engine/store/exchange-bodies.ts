import type { RecordedRequest, RecordedResponse } from '../../shared/recording';
import { parsePart, ShapeError } from './unreadable-rows';

/**
 * How an exchange's request and response are stored (migration 15). The body is stored raw in a
 * column of its own (`request_body`, `response_body`); the `request` and `response` JSON columns
 * keep the rest, with `"body":null` as their last member. Rows written before keep their body
 * inside the JSON and NULL in the body column, so for every row the body is the body column's when
 * it is not NULL, and the JSON's otherwise.
 *
 * Why: a body inside a JSON column is JSON-escaped on every write (a page of 100 users is ~80 KB,
 * ~0.3 ms of JSON.stringify on the request path) and unescaped on every read, and a large JSON
 * column in the middle of the row made SQLite walk its overflow pages to reach the columns after it.
 */

/** What the JSON column holds for a part, and its raw body. */
export interface StoredPart {
  json: string;
  body: string | null;
}

const BODY_PLACEHOLDER = '"body":null}';

// Each field named (not `{ body, ...rest }`): rest and spread copies cost twice the JSON.stringify, for every exchange.
// The body last, as null: partJson splices the raw body in where the null is.
export function storedRequest(request: RecordedRequest): StoredPart {
  return { json: JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body: null }), body: request.body ?? null };
}

export function storedResponse(response: RecordedResponse): StoredPart {
  return { json: JSON.stringify({ status: response.status, headers: response.headers, body: null }), body: response.body ?? null };
}

/**
 * The part as it was recorded, body included. Throws when the stored text is not such a part (a
 * damaged row, see unreadable-rows.ts).
 */
export function readPart<T extends { body: string | null }>(json: unknown, body: unknown, kind: 'request' | 'response'): T {
  const part = parsePart<T>(json, kind);
  if (body === null) return part;
  if (typeof body !== 'string') throw new ShapeError('its body is not text');
  part.body = body;
  return part;
}

/**
 * The part's JSON text with its body inside, as `JSON.stringify(readPart(json, body))` writes it,
 * for writers that copy stored JSON into their output (an export) without parsing the part.
 */
export function partJson(json: string, body: string | null, kind: 'request' | 'response'): string {
  if (body === null) return json;
  if (json.endsWith(BODY_PLACEHOLDER)) return `${json.slice(0, -'null}'.length)}${JSON.stringify(body)}}`;
  return JSON.stringify(readPart(json, body, kind));
}

/** SQL for a part's body whatever the row's age (reads the JSON only for rows written before migration 15). */
export const bodySql = (part: 'request' | 'response') => `coalesce(${part}_body, json_extract(${part}, '$.body'))`;

/** SQL for the bytes an exchange takes as stored: what retention counts (migration 7's totals, kept by triggers). */
export const EXCHANGE_BYTES_SQL = (row: string) =>
  `octet_length(${row}.request) + octet_length(${row}.response) + octet_length(${row}.notes) + coalesce(octet_length(${row}.request_body), 0) + coalesce(octet_length(${row}.response_body), 0)`;
