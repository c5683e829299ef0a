import type { RecordedExchange } from '../../shared/recording';
import type { VerdictFinding } from '../../shared/verdicts';
import type { InjectedFault } from '../../shared/faults';
import type { ParsedBodies } from '../verdicts/exchange-facts';

/**
 * The text the search index holds for one exchange, column by column (see migration 9 and
 * match-expression.ts). Bodies are indexed as the inspector shows them: JSON keys and values
 * (`active false`, `userName jane@acme.com`), not the escaped text as stored, and the query string
 * decoded (`filter userName eq "jane"`). Bodies were redacted when recorded, so no secret gets here.
 */
export interface SearchDocument {
  /** What free text matches: operation, method, status, path and decoded query, headers, both bodies. */
  text: string;
  op: string;
  path: string;
  /** Who the exchange is about: userName, displayName, name, emails, externalId, the filter's values, the operation text. */
  user: string;
  /** `kind code` of each note. */
  notes: string;
  /** Tokens for the typed terms that are exact values (status, method, client, workspace, session, has:, verdict:, fault:, connection test). */
  facets: string;
}

export type SearchableExchange = Pick<RecordedExchange, 'sessionId' | 'workspace' | 'client' | 'operation' | 'request' | 'response' | 'notes'> & {
  changes: readonly unknown[];
  /** The verdict's findings (engine/verdicts), for `has:verdict` and `verdict:`; none when not judged. */
  verdicts?: readonly Pick<VerdictFinding, 'id' | 'severity'>[];
  /** What a fault rule or breakpoint did to it (engine/faults), for `has:fault` and `fault:`. */
  injected?: Pick<InjectedFault, 'action'>;
};

/*
 * Indexing costs the recorder about a microsecond per word, on the event loop: a body's text is
 * bounded so that one huge exchange (a bulk request of MBs) cannot hold SCIM requests for long. A
 * page of 100 users (~45,000 characters) is indexed whole; beyond MAX_BODY_TEXT a body is searchable
 * by its beginning only. Bodies over MAX_PARSED_BODY are not parsed at all (most of the parse would
 * be thrown away): their raw beginning is indexed, which reads the same but for JSON escapes.
 */
const MAX_PARSED_BODY = 256 * 1024;
const MAX_BODY_TEXT = 64 * 1024;
const USER_KEYS = new Set(['username', 'displayname', 'externalid', 'formatted']);
const USER_KEY_LENGTHS = new Set([...USER_KEYS, 'emails'].map((key) => key.length));
const MAX_DEPTH = 32;

/** `parsed`: both bodies parsed already (verdicts/exchange-facts parseBody), so the indexer parses each once. */
export function searchDocument(exchange: SearchableExchange, connectionTest: boolean, parsed?: ParsedBodies): SearchDocument {
  const { request, response } = exchange;
  const [rawPath = '', rawQuery] = splitOnce(request.url, '?');
  const path = decode(rawPath);
  const query = rawQuery === undefined ? [] : [...new URLSearchParams(rawQuery)];
  const user: string[] = [exchange.operation];
  for (const [name, value] of query) if (name.toLowerCase() === 'filter') user.push(...quotedValues(value));
  const requestBody = bodyText(request.body, user, parsed && { value: parsed.request });
  const responseBody = bodyText(response.body, user, parsed && { value: parsed.response });
  // Lines pushed in place (no intermediate arrays): the indexer builds this for every exchange.
  const lines: string[] = [exchange.operation, request.method, String(response.status), path];
  for (const [name, value] of query) lines.push(`${name} ${value}`);
  for (const [name, value] of request.headers) lines.push(`${name} ${value}`);
  lines.push(requestBody);
  // Not the response's Date: its weekday, month and year would make `dec` or `2026` match every exchange.
  for (const [name, value] of response.headers) if (name !== 'date') lines.push(`${name} ${value}`);
  lines.push(responseBody);
  const text = lines.join('\n');
  return {
    text,
    op: exchange.operation,
    path,
    user: user.join('\n'),
    notes: exchange.notes.length === 0 ? '' : exchange.notes.map((note) => `${note.kind} ${note.code}`).join('\n'),
    facets: facetTokens(exchange, connectionTest).join(' '),
  };
}

/**
 * The exact-value tokens of an exchange: letters and digits only, so the tokenizer keeps each whole,
 * and values of any spelling (a workspace slug, a method) hex-encoded. match-expression.ts asks for
 * the same tokens through facetToken.
 */
function facetTokens(exchange: SearchableExchange, connectionTest: boolean): string[] {
  const status = exchange.response.status;
  const tokens = [
    FACET_ANY,
    facetToken.status(String(status)),
    facetToken.status(`${Math.floor(status / 100)}xx`),
    facetToken.method(exchange.request.method),
    facetToken.client(exchange.client),
    facetToken.workspace(exchange.workspace),
    facetToken.session(exchange.sessionId),
  ];
  if (status >= 400) tokens.push(facetToken.has('error'));
  if (exchange.changes.length > 0) tokens.push(facetToken.has('changes'));
  if (exchange.notes.length > 0) tokens.push(facetToken.has('notes'));
  if (connectionTest) tokens.push(FACET_CONNECTION_TEST);
  if (exchange.verdicts && exchange.verdicts.length > 0) tokens.push(...verdictTokens(exchange.verdicts));
  if (exchange.injected) tokens.push(facetToken.has('fault'), facetToken.fault(exchange.injected.action));
  return tokens;
}

/** `has:verdict` is a finding of severity error or warning; `verdict:` takes a severity or a rule id. */
function verdictTokens(findings: readonly Pick<VerdictFinding, 'id' | 'severity'>[]): string[] {
  const tokens = new Set<string>();
  for (const finding of findings) {
    if (finding.severity !== 'info') tokens.add(facetToken.has('verdict'));
    tokens.add(facetToken.verdict(finding.severity));
    tokens.add(facetToken.verdict(finding.id));
  }
  return [...tokens];
}

/** A token every exchange has (FTS5's NOT needs something on its left). */
export const FACET_ANY = 'any';
export const FACET_CONNECTION_TEST = 'conntest';
const hexOf = new Map<string, string>();
/** Asked for the same few methods, workspaces and rule ids for every exchange: kept (bounded, as a client picks its method names). */
const hex = (text: string) => {
  let encoded = hexOf.get(text);
  if (encoded === undefined) {
    encoded = Buffer.from(text, 'utf8').toString('hex');
    if (hexOf.size >= 1024) hexOf.clear();
    hexOf.set(text, encoded);
  }
  return encoded;
};
export const facetToken = {
  status: (value: string) => `st${value.toLowerCase()}`,
  method: (value: string) => `m${hex(value.toUpperCase())}`,
  client: (value: string) => `c${value.toLowerCase()}`,
  // Workspace slugs are matched case-insensitively everywhere else (COLLATE NOCASE).
  workspace: (value: string) => `w${hex(value.toLowerCase())}`,
  session: (value: number) => `s${value}`,
  has: (value: string) => `has${value}`,
  verdict: (value: string) => `v${hex(value.toLowerCase())}`,
  fault: (value: string) => `f${hex(value.toLowerCase())}`,
};

/**
 * A body as the user reads it; the user-ish values found in a JSON body are added to `user`. `parsed`: the
 * body parsed already (its value undefined when it is not JSON).
 */
function bodyText(body: string | null, user: string[], parsed?: { value: unknown }): string {
  if (!body) return '';
  if (body.length <= MAX_PARSED_BODY) {
    let value: unknown;
    if (parsed) {
      if (parsed.value === undefined) return body.slice(0, MAX_BODY_TEXT);
      value = parsed.value;
    } else {
      try {
        value = JSON.parse(body);
      } catch {
        return body.slice(0, MAX_BODY_TEXT);
      }
    }
    const text: Rendered = { parts: [], length: 0 };
    walk(value, text, user, 0);
    return text.parts.join(' ').slice(0, MAX_BODY_TEXT);
  }
  return body.slice(0, MAX_BODY_TEXT);
}

interface Rendered {
  parts: string[];
  length: number;
}

/** Keys and values in document order (`name givenName Jane familyName Doe`), strings as they read, until MAX_BODY_TEXT. */
function walk(value: unknown, text: Rendered, user: string[], depth: number): void {
  if (depth > MAX_DEPTH || text.length > MAX_BODY_TEXT) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, text, user, depth + 1);
    return;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    collectUser(record, user);
    for (const key in record) {
      add(text, key);
      walk(record[key], text, user, depth + 1);
    }
    return;
  }
  add(text, String(value));
}

function add(text: Rendered, part: string): void {
  text.parts.push(part);
  text.length += part.length + 1;
}

/** userName, displayName, externalId, name.formatted, given + family name, email values, and a PATCH operation's value for those paths. */
function collectUser(record: Record<string, unknown>, user: string[]): void {
  for (const key in record) {
    // Only names as long as one of those looked for are lower-cased (most keys of a body are not).
    if (!USER_KEY_LENGTHS.has(key.length)) continue;
    const value = record[key];
    const lower = key.toLowerCase();
    if (typeof value === 'string' && USER_KEYS.has(lower)) user.push(value);
    if (lower === 'emails' && Array.isArray(value)) {
      for (const email of value) if (email && typeof (email as { value?: unknown }).value === 'string') user.push((email as { value: string }).value);
    }
  }
  if (typeof record.givenName === 'string' || typeof record.familyName === 'string') {
    user.push([record.givenName, record.familyName].filter((part) => typeof part === 'string').join(' '));
  }
  const path = typeof record.path === 'string' ? record.path.toLowerCase() : '';
  if (typeof record.op === 'string' && typeof record.value === 'string' && /^(username|displayname|externalid|emails|name\.)/.test(path))
    user.push(record.value);
}

/** The quoted values of a SCIM filter (`userName eq "jane@acme.com"` → jane@acme.com). */
function quotedValues(filter: string): string[] {
  return [...filter.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]!);
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
