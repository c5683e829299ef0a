import type { ParsedSearch, SearchTerm } from '../../shared/search/parse-search';
import { FACET_ANY, FACET_CONNECTION_TEST, facetToken } from './search-text';

export interface SearchFilter {
  search: ParsedSearch;
  session?: number;
  workspace?: string;
  hideConnectionTests?: boolean;
}

/**
 * The FTS5 MATCH expression for a search (undefined: no condition, every exchange). Each term's text
 * goes inside a double-quoted string with its quotes doubled, so the user's input is only ever
 * words to FTS5: `*`, `NEAR(`, `^`, `-`, `AND`, `:` typed in the box cannot change the query or
 * make SQLite throw. FTS5 splits the quoted text into tokens with the table's tokenizer, exactly as
 * it split the indexed text; a trailing `*` makes the last word a prefix (what you type matches
 * longer words), except after a closing quote.
 */
export function matchExpression(filter: SearchFilter): string | undefined {
  const parts: string[] = [];
  for (const term of filter.search.terms) {
    const part = termExpression(term);
    if (part) parts.push(part);
  }
  if (filter.session !== undefined) parts.push(facet(facetToken.session(filter.session)));
  if (filter.workspace !== undefined) parts.push(facet(facetToken.workspace(filter.workspace)));
  if (filter.hideConnectionTests) return `${parts.length > 0 ? parts.join(' AND ') : facet(FACET_ANY)} NOT ${facet(FACET_CONNECTION_TEST)}`;
  return parts.length > 0 ? parts.join(' AND ') : undefined;
}

/**
 * Whether the search has terms only the index can answer (words, typed terms). A search without
 * (a scope, hiding connection tests) is answered from the exchange rows, so it is exact at once,
 * before the indexer has reached the newest rows.
 */
export function usesIndex(filter: Pick<SearchFilter, 'search'>): boolean {
  return filter.search.terms.some((term) => termExpression(term) !== undefined);
}

function termExpression(term: SearchTerm): string | undefined {
  switch (term.kind) {
    case 'text':
      return words('text', term.text, term.exact);
    case 'words':
      return words(term.key === 'note' ? 'notes' : term.key, term.text, term.exact);
    case 'status':
      return facet(facetToken.status(term.value));
    case 'method':
      return facet(facetToken.method(term.value));
    case 'client':
      return facet(facetToken.client(term.value));
    case 'workspace':
      return facet(facetToken.workspace(term.value));
    case 'session':
      return facet(facetToken.session(term.value));
    case 'has':
      return facet(facetToken.has(term.value));
    case 'verdict':
      return facet(facetToken.verdict(term.value));
    case 'fault':
      return facet(facetToken.fault(term.value));
  }
}

/**
 * Words as one phrase in one column. Text with no letter or digit has no token, and an empty phrase
 * would match nothing: such a term (`-`, `*`, `"`) asks for nothing and is left out.
 */
function words(column: string, text: string, exact: boolean): string | undefined {
  if (!/[\p{L}\p{N}\p{Co}]/u.test(text)) return undefined;
  return `${column} : ${quote(text)}${exact ? '' : ' *'}`;
}

const facet = (token: string) => `facets : ${quote(token)}`;
const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
