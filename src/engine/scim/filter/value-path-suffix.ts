import { Tokens, parseFilter as parseTokens, type Token } from 'scim2-parse-filter/lib/src/parser.js';
import type { Filter } from 'scim2-parse-filter';
import { tokenizeFilter } from './json-strings';

/**
 * Parses a filter with scim2-parse-filter's own tokenizer and parser, after one rewrite of the
 * token list: `emails[type eq "work"].value eq "x"` becomes `emails[(type eq "work") and value eq "x"]`.
 *
 * Why: the library accepts a sub-attribute after a value filter but turns it into
 * `emails[type eq "work"] and emails.value eq "x"`, two independent conditions that a user with
 * a work address and some other address "x" would satisfy. What the writer means (and what the
 * same shape means in a PATCH path, RFC 7644 §3.5.2) is one element meeting both. Working on
 * tokens keeps the library's lexing (quoting, numbers, URNs) instead of re-implementing it.
 */
export function parseWithValuePathSuffix(text: string): Filter {
  const list = rewriteSuffixes(tokenizeFilter(text));
  const tokens = new Tokens(list);
  const filter = parseTokens(tokens);
  if (tokens.peek().type !== 'EOT') throw new Error(`unexpected "${tokens.peek().literal}" after the filter`);
  return filter;
}

const COMPARISONS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le']);

function rewriteSuffixes(input: Token[]): Token[] {
  const tokens = [...input];
  for (let close = 0; close < tokens.length; close++) {
    if (tokens[close]!.literal !== '].') continue;
    const sub = tokens[close + 1];
    const op = tokens[close + 2];
    if (sub?.type !== 'Word' || op?.type !== 'Word') throw new Error('"]." must be followed by a sub-attribute and an operator');
    const operator = op.literal.toLowerCase();
    const width = operator === 'pr' ? 2 : COMPARISONS.has(operator) ? 3 : 0;
    if (width === 0) throw new Error(`"${op.literal}" is not a comparison operator`);
    const open = openingBracket(tokens, close);
    const expression = tokens.slice(close + 1, close + 1 + width);
    tokens.splice(close, 1 + width, bracket(')'), word('and'), ...expression, bracket(']'));
    tokens.splice(open + 1, 0, bracket('('));
    close += 1;
  }
  return tokens;
}

function openingBracket(tokens: Token[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const literal = tokens[i]!.literal;
    if (literal === ']' || literal === '].') depth++;
    else if (literal === '[' && --depth === 0) return i;
  }
  throw new Error('"]" without a matching "["');
}

const bracket = (literal: string): Token => ({ type: 'Bracket', literal });
const word = (literal: string): Token => ({ type: 'Word', literal });
