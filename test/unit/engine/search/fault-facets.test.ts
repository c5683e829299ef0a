import { describe, expect, it } from 'vitest';
import { searchDocument, type SearchableExchange } from '../../../../src/engine/search/search-text';
import { matchExpression } from '../../../../src/engine/search/match-expression';
import { parseSearch } from '../../../../src/shared/search/parse-search';

const exchange = (injected?: SearchableExchange['injected']): SearchableExchange => ({
  sessionId: 1,
  workspace: 'default',
  client: 'okta',
  operation: 'Okta created user jane@acme.com',
  notes: [],
  changes: [],
  request: { method: 'POST', url: '/scim/v2/Users', headers: [], body: null },
  response: { status: 429, headers: [], body: null },
  ...(injected && { injected }),
});

const facets = (of: SearchableExchange) => searchDocument(of, false).facets.split(' ');
const asked = (search: string) => matchExpression({ search: parseSearch(search) });

describe('faulted exchanges in the search index', () => {
  it('an exchange a rule acted on has the tokens has:fault and fault:<action> ask for', () => {
    const faulted = facets(exchange({ action: 'status' }));
    for (const search of ['has:fault', 'fault:status']) {
      const token = /"([^"]+)"/.exec(asked(search)!)![1]!;
      expect(faulted, search).toContain(token);
    }
    const lie = /"([^"]+)"/.exec(asked('fault:lie')!)![1]!;
    expect(faulted).not.toContain(lie);
  });

  it('an untouched exchange has neither', () => {
    const plain = facets(exchange());
    for (const search of ['has:fault', 'fault:status', 'fault:breakpoint']) expect(plain).not.toContain(/"([^"]+)"/.exec(asked(search)!)![1]!);
  });

  it('asks the facets column only, never the text a user could type', () => {
    expect(asked('has:fault fault:drop')).toMatch(/^facets : "[a-z0-9]+" AND facets : "[a-z0-9]+"$/);
  });
});
