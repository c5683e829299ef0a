import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_LENGTH, parseSearch } from '../../../../src/shared/search/parse-search';

describe('parseSearch', () => {
  it('splits free text on spaces: each word is a term (AND), its last word a prefix', () => {
    expect(parseSearch('  jane   doe ')).toEqual({
      terms: [
        { kind: 'text', text: 'jane', exact: false },
        { kind: 'text', text: 'doe', exact: false },
      ],
      invalid: [],
    });
    expect(parseSearch('')).toEqual({ terms: [], invalid: [] });
  });

  it('keeps a quoted phrase whole and exact', () => {
    expect(parseSearch('"jane doe" okta').terms).toEqual([
      { kind: 'text', text: 'jane doe', exact: true },
      { kind: 'text', text: 'okta', exact: false },
    ]);
    expect(parseSearch('"False"').terms).toEqual([{ kind: 'text', text: 'False', exact: true }]);
  });

  it('reads a quoted part with text glued to it as one term', () => {
    expect(parseSearch('"active":false').terms).toEqual([{ kind: 'text', text: 'active :false', exact: false }]);
    expect(parseSearch('userName eq "jane"').terms).toEqual([
      { kind: 'text', text: 'userName', exact: false },
      { kind: 'text', text: 'eq', exact: false },
      { kind: 'text', text: 'jane', exact: true },
    ]);
  });

  it('reads every typed term', () => {
    expect(
      parseSearch('status:4XX method:patch client:Okta path:/Groups user:jane workspace:demo session:12 op:deactivated note:capitalisedOp has:Error').terms,
    ).toEqual([
      { kind: 'status', value: '4xx' },
      { kind: 'method', value: 'PATCH' },
      { kind: 'client', value: 'okta' },
      { kind: 'words', key: 'path', text: '/Groups', exact: false },
      { kind: 'words', key: 'user', text: 'jane', exact: false },
      { kind: 'workspace', value: 'demo' },
      { kind: 'session', value: 12 },
      { kind: 'words', key: 'op', text: 'deactivated', exact: false },
      { kind: 'words', key: 'note', text: 'capitalisedOp', exact: false },
      { kind: 'has', value: 'error' },
    ]);
    expect(parseSearch('status:404 has:changes has:notes').terms).toEqual([
      { kind: 'status', value: '404' },
      { kind: 'has', value: 'changes' },
      { kind: 'has', value: 'notes' },
    ]);
  });

  it('takes a quoted phrase as a typed value, and a colon inside a value', () => {
    expect(parseSearch('user:"jane doe" note:normalised:capitalisedOp').terms).toEqual([
      { kind: 'words', key: 'user', text: 'jane doe', exact: true },
      { kind: 'words', key: 'note', text: 'normalised:capitalisedOp', exact: false },
    ]);
  });

  it('treats an unknown key as free text', () => {
    expect(parseSearch('foo:bar http://x').terms).toEqual([
      { kind: 'text', text: 'foo:bar', exact: false },
      { kind: 'text', text: 'http://x', exact: false },
    ]);
  });

  it('lists typed terms whose value cannot mean anything, as typed, and uses the rest', () => {
    expect(parseSearch('status:abc status:600 client:foo method: user: session:x session:0 has:everything method:PA/TCH user:"" jane')).toEqual({
      terms: [{ kind: 'text', text: 'jane', exact: false }],
      invalid: ['status:abc', 'status:600', 'client:foo', 'method:', 'user:', 'session:x', 'session:0', 'has:everything', 'method:PA/TCH', 'user:""'],
    });
  });

  it('survives hostile input: unbalanced quotes, FTS5 syntax, very long text', () => {
    expect(parseSearch('"jane doe').terms).toEqual([{ kind: 'text', text: 'jane doe', exact: false }]);
    expect(parseSearch('jane"').terms).toEqual([{ kind: 'text', text: 'jane', exact: false }]);
    expect(parseSearch('"').terms).toEqual([]);
    expect(parseSearch('"" * -').terms).toEqual([
      { kind: 'text', text: '*', exact: false },
      { kind: 'text', text: '-', exact: false },
    ]);
    expect(parseSearch('NEAR(jane ^doe').terms.map((term) => term.kind === 'text' && term.text)).toEqual(['NEAR(jane', '^doe']);
    const long = parseSearch(`${'a'.repeat(600)} b`);
    expect(long.terms).toEqual([{ kind: 'text', text: 'a'.repeat(MAX_SEARCH_LENGTH), exact: false }]);
  });
});
