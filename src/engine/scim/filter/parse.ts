import type { Compare, Filter } from 'scim2-parse-filter';
import { ScimError } from '../errors';
import { parseWithValuePathSuffix } from './value-path-suffix';

export type { Filter, Compare, LogExp, NotFilter, Suffix, ValuePath } from 'scim2-parse-filter';

/**
 * Filters come from the network; the grammar is parsed by scim2-parse-filter rather than
 * by hand. Its recursive-descent parser has no limits of its own, so we bound the input
 * length and the nesting depth before it runs: a hostile `((((…` gets a clear
 * `invalidFilter`, not a stack overflow.
 */
export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_DEPTH = 32;

export interface ParseFilterOptions {
  /**
   * Asked when the filter only parses with its bare values quoted (`userName eq jane`);
   * returns whether the workspace accepts that habit (and notes it). Without it, bare
   * values are a syntax error, as RFC 7644 says.
   */
  acceptUnquoted?: (detail: string) => boolean;
}

export function parseFilter(text: string, options: ParseFilterOptions = {}): Filter {
  if (text.trim() === '') throw ScimError.badRequest('invalidFilter', 'The filter is empty.');
  if (text.length > MAX_FILTER_LENGTH) {
    throw ScimError.badRequest('invalidFilter', `The filter is longer than ${MAX_FILTER_LENGTH} characters.`);
  }
  const simple = simpleEquality(text);
  if (simple) return simple;
  if (nestingDepth(text) > MAX_FILTER_DEPTH) {
    throw ScimError.badRequest('invalidFilter', `The filter nests deeper than ${MAX_FILTER_DEPTH} levels.`);
  }
  let firstError: unknown;
  try {
    return parseWithValuePathSuffix(text);
  } catch (error) {
    firstError = error;
  }
  // The quoting pre-pass runs only after the filter as sent has failed: a filter that is valid
  // as written keeps its meaning (`active eq true` stays a boolean, `"a b"` stays one string),
  // and a strict workspace can still say exactly why it refused the unquoted one.
  const quoted = quoteBareValues(text);
  if (quoted.values.length > 0 && options.acceptUnquoted) {
    let reparsed: Filter | undefined;
    try {
      reparsed = parseWithValuePathSuffix(quoted.text);
    } catch {
      // Quoting did not help; the original error is the one to report.
    }
    if (reparsed) {
      const detail = `Unquoted filter value${quoted.values.length > 1 ? 's' : ''} ${quoted.values.join(', ')} read as string${quoted.values.length > 1 ? 's' : ''}`;
      if (options.acceptUnquoted(detail)) return reparsed;
      throw ScimError.badRequest(
        'invalidFilter',
        `The filter "${text}" has unquoted values (${quoted.values.join(', ')}); RFC 7644 §3.4.2.2 requires strings in double quotes.`,
      );
    }
  }
  const reason = firstError instanceof Error ? firstError.message : String(firstError);
  throw ScimError.badRequest('invalidFilter', `The filter "${text}" is not valid SCIM filter syntax: ${reason}.`);
}

/**
 * `userName eq "jane@example.com"` as written by every IdP's lookup (one space each side, a string
 * without escapes), read without the tokenizer and its rewrites: the same Filter the full parse
 * makes of it (test/unit/engine/scim/filter/simple-equality.test.ts compares them), at a fraction
 * of the cost on the request path. Anything else, keywords as attribute names included, is undefined.
 */
export function simpleEquality(text: string): Compare | undefined {
  const match = SIMPLE_EQUALITY.exec(text);
  if (!match || KEYWORD.test(match[1]!)) return undefined;
  return { op: 'eq', attrPath: match[1]!, compValue: match[2]! };
}

// A JSON string holds no raw control character: a value with one goes to the full parse, which refuses it.
// eslint-disable-next-line no-control-regex
const SIMPLE_EQUALITY = /^([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)?) eq "([^"\\\u0000-\u001f]*)"$/;
const KEYWORD = /^(?:and|or|not|pr|eq|ne|co|sw|ew|gt|lt|ge|le|true|false|null)$/i;

/**
 * Some IdPs (Entra's reference client, OneLogin) send `userName eq jane` or
 * `userName eq jane@example.com`. A bare value is whatever follows a comparison operator up
 * to whitespace, a quote, a parenthesis or a bracket. Quoted strings are skipped whole (the
 * first alternative of the pattern consumes them), and JSON literals (true, false, null,
 * numbers) are left as they are. A bare value cannot contain spaces: there would be no
 * telling where it ends.
 */
function quoteBareValues(text: string): { text: string; values: string[] } {
  const values: string[] = [];
  const pattern = /"(?:[^"\\]|\\.)*"|(?<=\s)(eq|ne|co|sw|ew|gt|ge|lt|le)(\s+)([^\s"()[\]]+)/gi;
  const rewritten = text.replace(pattern, (match, op?: string, space?: string, value?: string) => {
    if (op === undefined || value === undefined || isJsonLiteral(value)) return match;
    values.push(value);
    return `${op}${space}${JSON.stringify(value)}`;
  });
  return { text: rewritten, values };
}

function isJsonLiteral(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed === null || typeof parsed === 'boolean' || typeof parsed === 'number';
  } catch {
    return false;
  }
}

/** Depth of brackets and parentheses outside quoted strings. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '(' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === ')' || char === ']') depth--;
  }
  return deepest;
}
