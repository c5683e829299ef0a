import { describe, expect, it } from 'vitest';
import { RequestNotes } from '../../../../src/engine/compat/notes';
import { ScimError } from '../../../../src/engine/scim/errors';
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parseFilter } from '../../../../src/engine/scim/filter/parse';

function scimTypeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return `${error.status} ${error.scimType}`;
    throw error;
  }
  return undefined;
}

describe('parseFilter: the RFC 7644 §3.4.2.2 grammar through scim2-parse-filter', () => {
  it('gives and precedence over or, and parentheses over both', () => {
    expect(parseFilter('a pr or b pr and c pr')).toEqual({
      op: 'or',
      filters: [
        { op: 'pr', attrPath: 'a' },
        {
          op: 'and',
          filters: [
            { op: 'pr', attrPath: 'b' },
            { op: 'pr', attrPath: 'c' },
          ],
        },
      ],
    });
    expect(parseFilter('(a pr or b pr) and c pr')).toEqual({
      op: 'and',
      filters: [
        {
          op: 'or',
          filters: [
            { op: 'pr', attrPath: 'a' },
            { op: 'pr', attrPath: 'b' },
          ],
        },
        { op: 'pr', attrPath: 'c' },
      ],
    });
  });

  it('reads operators and logical words in any case', () => {
    expect(parseFilter('userName EQ "x" AND NOT (title PR)')).toEqual({
      op: 'and',
      filters: [
        { op: 'eq', attrPath: 'userName', compValue: 'x' },
        { op: 'not', filter: { op: 'pr', attrPath: 'title' } },
      ],
    });
  });

  it('reads true, false, null and numbers as JSON values, and escaped quotes inside strings', () => {
    expect(parseFilter('active eq true')).toMatchObject({ compValue: true });
    expect(parseFilter('x eq null')).toMatchObject({ compValue: null });
    expect(parseFilter('x gt 1.5')).toMatchObject({ compValue: 1.5 });
    expect(parseFilter('x eq "say \\"hi\\""')).toMatchObject({ compValue: 'say "hi"' });
  });

  it('keeps URN-qualified paths whole', () => {
    const path = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value';
    expect(parseFilter(`${path} eq "m"`)).toEqual({ op: 'eq', attrPath: path, compValue: 'm' });
  });

  it('reads a sub-attribute after a value filter as a condition on the same element', () => {
    expect(parseFilter('emails[type eq "work"].value eq "x"')).toEqual({
      op: '[]',
      attrPath: 'emails',
      valFilter: {
        op: 'and',
        filters: [
          { op: 'eq', attrPath: 'type', compValue: 'work' },
          { op: 'eq', attrPath: 'value', compValue: 'x' },
        ],
      },
    });
    expect(parseFilter('emails[type eq "a" or type eq "b"].display pr and active eq true')).toEqual({
      op: 'and',
      filters: [
        {
          op: '[]',
          attrPath: 'emails',
          valFilter: {
            op: 'and',
            filters: [
              {
                op: 'or',
                filters: [
                  { op: 'eq', attrPath: 'type', compValue: 'a' },
                  { op: 'eq', attrPath: 'type', compValue: 'b' },
                ],
              },
              { op: 'pr', attrPath: 'display' },
            ],
          },
        },
        { op: 'eq', attrPath: 'active', compValue: true },
      ],
    });
  });

  it.each([
    'emails[type eq "work"].',
    'emails[type eq "work"].value',
    'emails[type eq "work"].value is "x"',
    'userName eq',
    'userName "x"',
    'eq "x"',
    '(userName eq "x"',
    'userName eq "x")',
    'userName eq "x" and',
    'userName eq "unterminated',
    'userName eq "x") OR 1=1 --"',
    'userName eq "x"; DROP TABLE resources',
    'emails[type eq "work"',
    ' ',
    '',
  ])('rejects %j with 400 invalidFilter', (filter) => {
    expect(scimTypeOf(() => parseFilter(filter, { acceptUnquoted: () => true }))).toBe('400 invalidFilter');
  });

  it('bounds the length and the nesting depth before parsing', () => {
    const long = `userName eq "${'x'.repeat(MAX_FILTER_LENGTH)}"`;
    expect(scimTypeOf(() => parseFilter(long))).toBe('400 invalidFilter');
    const deep = `${'('.repeat(MAX_FILTER_DEPTH + 1)}a pr${')'.repeat(MAX_FILTER_DEPTH + 1)}`;
    expect(scimTypeOf(() => parseFilter(deep))).toBe('400 invalidFilter');
    const atLimit = `${'('.repeat(MAX_FILTER_DEPTH)}a pr${')'.repeat(MAX_FILTER_DEPTH)}`;
    expect(parseFilter(atLimit)).toEqual({ op: 'pr', attrPath: 'a' });
    // Brackets inside strings are not nesting.
    expect(parseFilter(`a eq "${'('.repeat(100)}"`)).toMatchObject({ compValue: '('.repeat(100) });
  });
});

describe('parseFilter: unquoted values (Entra reference client, OneLogin)', () => {
  const accept = { acceptUnquoted: () => true };

  it('quotes bare values after an operator when the workspace accepts the habit', () => {
    expect(parseFilter('userName eq jane', accept)).toEqual({ op: 'eq', attrPath: 'userName', compValue: 'jane' });
    expect(parseFilter('userName sw O', accept)).toEqual({ op: 'sw', attrPath: 'userName', compValue: 'O' });
    expect(parseFilter('userName eq jane@example.com and active eq true', accept)).toEqual({
      op: 'and',
      filters: [
        { op: 'eq', attrPath: 'userName', compValue: 'jane@example.com' },
        { op: 'eq', attrPath: 'active', compValue: true },
      ],
    });
    expect(parseFilter('emails[type EQ work]', accept)).toMatchObject({ valFilter: { compValue: 'work' } });
    expect(parseFilter('(externalId eq a-1) or userName eq "b c"', accept)).toMatchObject({
      filters: [{ compValue: 'a-1' }, { compValue: 'b c' }],
    });
  });

  it('leaves a filter that parses as written alone: numbers and booleans stay typed', () => {
    let asked = 0;
    const counting = { acceptUnquoted: () => (asked++, true) };
    expect(parseFilter('active eq true', counting)).toMatchObject({ compValue: true });
    expect(parseFilter('userName eq 15', counting)).toMatchObject({ compValue: 15 });
    expect(parseFilter('userName eq "eq jane"', counting)).toMatchObject({ compValue: 'eq jane' });
    expect(asked).toBe(0);
  });

  it('is invalidFilter when the workspace refuses the habit, and without options', () => {
    expect(scimTypeOf(() => parseFilter('userName eq jane'))).toBe('400 invalidFilter');
    expect(scimTypeOf(() => parseFilter('userName eq jane', { acceptUnquoted: () => false }))).toBe('400 invalidFilter');
  });

  it('asks the workspace mode through RequestNotes, which records what it normalised', () => {
    const entra = new RequestNotes('entra');
    parseFilter('userName eq jane', { acceptUnquoted: (detail) => entra.acceptHabit('unquotedFilterValue', detail) });
    expect(entra.items).toEqual([expect.objectContaining({ kind: 'normalised', code: 'unquotedFilterValue' })]);
    expect(entra.items[0]!.detail).toContain('jane');

    const strict = new RequestNotes('strict');
    expect(scimTypeOf(() => parseFilter('userName eq jane', { acceptUnquoted: (detail) => strict.acceptHabit('unquotedFilterValue', detail) }))).toBe(
      '400 invalidFilter',
    );
    expect(strict.items).toEqual([]);
  });

  it('does not rescue a filter that quoting cannot fix', () => {
    expect(scimTypeOf(() => parseFilter('userName eq jane doe', accept))).toBe('400 invalidFilter');
    expect(scimTypeOf(() => parseFilter('userName jane', accept))).toBe('400 invalidFilter');
    expect(scimTypeOf(() => parseFilter('userName eq jane)', accept))).toBe('400 invalidFilter');
  });

  it('turns an injection attempt into one string value, never SQL', () => {
    expect(parseFilter("userName eq x'--", accept)).toMatchObject({ compValue: "x'--" });
    expect(parseFilter('userName eq "x\\") OR 1=1 --"', accept)).toMatchObject({ compValue: 'x") OR 1=1 --' });
  });
});
