import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchExpression, usesIndex } from '../../../../src/engine/search/match-expression';
import { parseSearch } from '../../../../src/shared/search/parse-search';

const filter = (q: string, scope: { session?: number; workspace?: string; hideConnectionTests?: boolean } = {}) =>
  matchExpression({ search: parseSearch(q), ...scope });

describe('matchExpression', () => {
  it('quotes every term, prefixes the last word unless the phrase was closed', () => {
    expect(filter('jane "jane doe"')).toBe('text : "jane" * AND text : "jane doe"');
    expect(filter('user:"a""b"')).toBe('user : "a b"');
    expect(filter('note:capitalisedOp')).toBe('notes : "capitalisedOp" *');
  });

  it('asks exact tokens for the typed values and the scope', () => {
    expect(filter('status:4xx method:PATCH client:okta has:error', { session: 3, workspace: 'Demo' })).toBe(
      'facets : "st4xx" AND facets : "m5041544348" AND facets : "cokta" AND facets : "haserror" AND facets : "s3" AND facets : "w64656d6f"',
    );
    expect(filter('', { hideConnectionTests: true })).toBe('facets : "any" NOT facets : "conntest"');
    expect(filter('')).toBeUndefined();
  });

  it('leaves out terms with no word in them', () => {
    expect(filter('* - " ^')).toBeUndefined();
  });

  it('needs the index for words and typed terms only: a scope alone is read from the exchanges', () => {
    expect(usesIndex({ search: parseSearch('jane') })).toBe(true);
    expect(usesIndex({ search: parseSearch('status:404') })).toBe(true);
    expect(usesIndex({ search: parseSearch('') })).toBe(false);
    expect(usesIndex({ search: parseSearch('* - " ^') })).toBe(false);
    expect(usesIndex({ search: parseSearch('status:abc') })).toBe(false);
  });

  it('never makes FTS5 throw, whatever is typed', () => {
    const db = new Database(':memory:');
    db.exec(
      "CREATE VIRTUAL TABLE exchange_search USING fts5 (text, op, path, user, notes, facets, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2')",
    );
    const query = db.prepare('SELECT count(*) FROM exchange_search WHERE exchange_search MATCH ?').pluck();
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.boolean(), (q, hide) => {
        const match = filter(q, { hideConnectionTests: hide });
        if (match !== undefined) query.get(match);
      }),
      { numRuns: 2000 },
    );
    for (const q of ['NEAR(a b)', '^a', 'a OR b', '{text}: a', 'a*', '"', '-a', 'AND', 'text:a', '\u0301', '\u00a0', 'ﬁ']) {
      const match = filter(q);
      if (match !== undefined) expect(() => query.get(match)).not.toThrow();
    }
  });
});
