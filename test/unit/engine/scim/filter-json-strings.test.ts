import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../../src/engine/scim/filter/parse';

/** RFC 7644 §3.4.2.2: a filter's string value is a JSON string. */
const valueOf = (text: string, acceptUnquoted?: () => boolean) => {
  const filter = parseFilter(text, { acceptUnquoted }) as { compValue?: unknown };
  return filter.compValue;
};

describe('filter string values', () => {
  it.each([
    ['userName eq "x\\\\y"', 'x\\y'],
    ['userName eq "tail\\\\"', 'tail\\'],
    ['userName eq "a\\"b"', 'a"b'],
    ['userName eq "\\\\\\""', '\\"'],
    ['userName eq "line\\nbreak"', 'line\nbreak'],
    ['userName eq "\\u00e9t\\u00E9"', 'été'],
    ['userName eq "a\\/b"', 'a/b'],
    // No JSON escape starts with j: the backslash is kept, as written by hand.
    ['userName eq "DOMAIN\\jane"', 'DOMAIN\\jane'],
    ['userName eq "bad\\u12"', 'bad\\u12'],
  ])('%s reads as %j', (text, expected) => {
    expect(valueOf(text)).toBe(expected);
  });

  it('decodes every string of a compound filter, inside value paths too', () => {
    const filter = parseFilter('emails[value eq "a\\\\b"] and (userName sw "c\\\\" or title eq "\\"d\\"")');
    expect(JSON.stringify(filter)).toContain(JSON.stringify('a\\b'));
    expect(JSON.stringify(filter)).toContain(JSON.stringify('c\\'));
    expect(JSON.stringify(filter)).toContain(JSON.stringify('"d"'));
  });

  it('reads a bare value with a backslash as that value (the unquoted-value habit)', () => {
    expect(valueOf('userName eq DOMAIN\\jane', () => true)).toBe('DOMAIN\\jane');
  });
});
