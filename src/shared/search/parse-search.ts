import type { ClientKind } from '../recording';
import { VERDICT_SEVERITIES, type VerdictSeverity } from '../verdicts';
import { FAULT_ACTION_KINDS, type FaultActionKind } from '../faults';

/**
 * The traffic list's search language, read the same way by the engine (which turns it into an
 * SQLite FTS5 query, engine/search/match-expression.ts) and by the inspector (which shows the terms
 * it did not understand). Free of Node and DOM imports.
 *
 *   jane doe                 two words, both somewhere (AND)
 *   "jane doe"               a phrase: the words next to each other
 *   "active":false           one term: the quoted part and what is glued to it (`active false`)
 *   status:4xx method:PATCH client:okta path:/Groups user:"jane doe" op:deactivated
 *   note:capitalisedOp note:normalised:capitalisedOp has:error workspace:demo session:3
 *   has:verdict verdict:error verdict:okta.create-id
 *   has:fault fault:status fault:latency fault:timeout fault:drop fault:lie fault:breakpoint
 *
 * A hand-written scanner: the grammar is a dozen lines, less code than a parser library's setup.
 */

export const SEARCH_CLIENTS: readonly ClientKind[] = ['okta', 'entra', 'onelogin', 'workbench', 'other'];
export const SEARCH_HAS = ['error', 'changes', 'notes', 'verdict', 'fault'] as const;
export type SearchHas = (typeof SEARCH_HAS)[number];

/** Keys whose value is words matched in one part of the exchange (token prefix, like free text). */
export type WordsKey = 'path' | 'user' | 'op' | 'note';

export type SearchTerm =
  /** Words anywhere the user can see them; `exact`: the term ended in a closing quote, so its last word is not a prefix. */
  | { kind: 'text'; text: string; exact: boolean }
  | { kind: 'words'; key: WordsKey; text: string; exact: boolean }
  /** `404`, or a class such as `4xx`. */
  | { kind: 'status'; value: string }
  /** Upper case, e.g. `PATCH`. */
  | { kind: 'method'; value: string }
  | { kind: 'client'; value: ClientKind }
  | { kind: 'workspace'; value: string }
  | { kind: 'session'; value: number }
  | { kind: 'has'; value: SearchHas }
  /** A verdict finding's severity, or a rule's id (`okta.create-id`), lower case. */
  | { kind: 'verdict'; value: VerdictSeverity | string }
  /** What a fault rule or breakpoint did (its action), lower case. */
  | { kind: 'fault'; value: FaultActionKind };

export interface ParsedSearch {
  terms: SearchTerm[];
  /** Typed terms with a value that cannot mean anything (`status:abc`, `client:foo`, `user:`), as typed. */
  invalid: string[];
}

/** Longer input is cut here: the admin API takes at most this much, and nobody types more. */
export const MAX_SEARCH_LENGTH = 500;

const WORDS_KEYS: readonly string[] = ['path', 'user', 'op', 'note'] satisfies WordsKey[];
const TYPED_KEYS: readonly string[] = [...WORDS_KEYS, 'status', 'method', 'client', 'workspace', 'session', 'has', 'verdict', 'fault'];

export function parseSearch(input: string): ParsedSearch {
  const result: ParsedSearch = { terms: [], invalid: [] };
  for (const raw of splitTerms(input.slice(0, MAX_SEARCH_LENGTH))) {
    const typed = /^([a-z]+):/i.exec(raw);
    const key = typed?.[1]!.toLowerCase();
    if (!typed || !key || !TYPED_KEYS.includes(key)) {
      const text = unquote(raw);
      if (text.trim()) result.terms.push({ kind: 'text', text, exact: endsQuoted(raw) });
      continue;
    }
    const rest = raw.slice(typed[0].length);
    const value = unquote(rest).trim();
    const term = value ? typedTerm(key, value, endsQuoted(rest)) : undefined;
    if (term) result.terms.push(term);
    else result.invalid.push(raw);
  }
  return result;
}

function typedTerm(key: string, value: string, exact: boolean): SearchTerm | undefined {
  if (WORDS_KEYS.includes(key)) return { kind: 'words', key: key as WordsKey, text: value, exact };
  switch (key) {
    case 'status':
      return /^([1-5]xx|[1-5]\d\d)$/i.test(value) ? { kind: 'status', value: value.toLowerCase() } : undefined;
    case 'method':
      return /^[a-z-]{1,16}$/i.test(value) ? { kind: 'method', value: value.toUpperCase() } : undefined;
    case 'client': {
      const client = SEARCH_CLIENTS.find((candidate) => candidate === value.toLowerCase());
      return client && { kind: 'client', value: client };
    }
    case 'workspace':
      return { kind: 'workspace', value };
    case 'session':
      return /^[1-9]\d{0,14}$/.test(value) ? { kind: 'session', value: Number(value) } : undefined;
    case 'verdict': {
      const lower = value.toLowerCase();
      // A severity, or a rule id: `family.words` (rfc.create-status, entra.quarantine-404).
      return VERDICT_SEVERITIES.includes(lower as VerdictSeverity) || /^[a-z]+\.[a-z0-9-]+$/.test(lower) ? { kind: 'verdict', value: lower } : undefined;
    }
    case 'fault': {
      const action = FAULT_ACTION_KINDS.find((candidate) => candidate === value.toLowerCase());
      return action && { kind: 'fault', value: action };
    }
    case 'has': {
      const has = SEARCH_HAS.find((candidate) => candidate === value.toLowerCase());
      return has && { kind: 'has', value: has };
    }
  }
  return undefined;
}

/**
 * Splits on white space outside double quotes. An unbalanced quote runs to the end of the input
 * (so `"jane doe` is the phrase the user is still typing).
 */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of input) {
    if (char === '"') quoted = !quoted;
    if (!quoted && /\s/.test(char)) {
      if (current) terms.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current) terms.push(current);
  return terms;
}

const unquote = (text: string) => text.replaceAll('"', ' ').replace(/\s+/g, ' ').trim();

/** Whether the term ends with a quote that closes a phrase (`"jane doe"`, `user:"jane"`), not one that opens one. */
function endsQuoted(text: string): boolean {
  const quotes = text.split('"').length - 1;
  return text.endsWith('"') && quotes % 2 === 0 && quotes > 0;
}
