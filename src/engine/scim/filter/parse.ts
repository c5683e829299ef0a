import { parse, type Filter } from 'scim2-parse-filter';
import { ScimError } from '../errors';

export type { Filter, Compare, LogExp, NotFilter, Suffix, ValuePath } from 'scim2-parse-filter';

/**
 * Filters come from the network; the grammar is parsed by scim2-parse-filter rather than
 * by hand. Its recursive-descent parser has no limits of its own, so we bound the input
 * length and the nesting depth before it runs: a hostile `((((…` gets a clear
 * `invalidFilter`, not a stack overflow.
 */
export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_DEPTH = 32;

export function parseFilter(text: string): Filter {
  if (text.trim() === '') throw ScimError.badRequest('invalidFilter', 'The filter is empty.');
  if (text.length > MAX_FILTER_LENGTH) {
    throw ScimError.badRequest('invalidFilter', `The filter is longer than ${MAX_FILTER_LENGTH} characters.`);
  }
  if (nestingDepth(text) > MAX_FILTER_DEPTH) {
    throw ScimError.badRequest('invalidFilter', `The filter nests deeper than ${MAX_FILTER_DEPTH} levels.`);
  }
  try {
    return parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw ScimError.badRequest('invalidFilter', `The filter "${text}" is not valid SCIM filter syntax: ${reason}.`);
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
