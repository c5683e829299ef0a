import { describe, expect, it } from 'vitest';
import { parseFilter, simpleEquality } from '../../../../src/engine/scim/filter/parse';
import { parseWithValuePathSuffix } from '../../../../src/engine/scim/filter/value-path-suffix';

/** The full parse of `text`, or the error it throws. */
function fullParse(text: string): unknown {
  try {
    return parseWithValuePathSuffix(text);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** A seeded generator (mulberry32), so a failure names a case that comes back. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('simpleEquality (the fast path of parseFilter)', () => {
  it('reads the lookups IdPs send as the full parse does', () => {
    for (const text of [
      'userName eq "jane@example.com"',
      'externalId eq "00u1abcd"',
      'id eq "2819c223-7f76-453a-919d-413861904646"',
      'displayName eq "Sales Reps"',
      'name.givenName eq "Ünïcödé 🦊"',
      'userName eq ""',
      'userName eq "a/b:c%d(e)[f]"',
      'USERNAME eq "MiXeD"',
      'emails eq "x@example.com"',
    ]) {
      expect(simpleEquality(text), text).toEqual(fullParse(text));
    }
  });

  it('leaves every other shape to the full parse', () => {
    for (const text of [
      'userName eq "a\\"b"',
      'userName eq "a\\\\b"',
      'userName eq "a\tb"',
      'userName EQ "x"',
      'userName  eq "x"',
      ' userName eq "x"',
      'userName eq "x" ',
      'userName eq jane',
      'userName eq "x" and active eq true',
      'not eq "x"',
      'and eq "x"',
      'pr eq "x"',
      'emails[type eq "work"] eq "x"',
      'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"',
      'name.givenName.x eq "x"',
      'userName ne "x"',
      'userName eq "x"y"',
    ]) {
      expect(simpleEquality(text), text).toBeUndefined();
    }
  });

  it('agrees with the full parse on generated filters', () => {
    const next = random(7);
    const pick = (alphabet: string) => alphabet[Math.floor(next() * alphabet.length)]!;
    const word = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick('aZe0_.-:qN9')).join('');
    const value = () => Array.from({ length: Math.floor(next() * 8) }, () => pick('ab "\\\t/é🦊()[]. ')).join('');
    let fast = 0;
    for (let i = 0; i < 5000; i++) {
      const operator = ['eq', 'eq', 'eq', 'EQ', 'ne'][Math.floor(next() * 5)]!;
      const space = next() < 0.9 ? ' ' : '  ';
      const text = `${word()}${space}${operator} "${value()}"`;
      const simple = simpleEquality(text);
      if (simple === undefined) continue;
      fast++;
      expect(simple, text).toEqual(fullParse(text));
    }
    expect(fast).toBeGreaterThan(200);
  });

  it('is what parseFilter answers, and parseFilter still refuses what is too long', () => {
    expect(parseFilter('userName eq "jane"')).toEqual({ op: 'eq', attrPath: 'userName', compValue: 'jane' });
    expect(() => parseFilter(`userName eq "${'x'.repeat(5000)}"`)).toThrow(/longer than/);
  });
});
