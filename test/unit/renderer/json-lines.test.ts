import { describe, expect, it } from 'vitest';
import { ancestorsOf, findMatches, jsonLines, lineContent, lineText } from '../../../src/renderer/src/json-lines';

describe('jsonLines', () => {
  const VALUES: unknown[] = [
    { schemas: ['urn:a'], id: 'x', name: { givenName: 'Jane', middle: null }, emails: [{ value: 'j@x', primary: true }], groups: [], meta: {}, n: -1.5e3 },
    [1, 'two', [3, [4, {}]], { 'quote"key': 'line\nbreak' }],
    'just a string',
    null,
    {},
  ];

  it.each(VALUES.map((value) => [JSON.stringify(value).slice(0, 40), value]))(
    'joined, is the 2-space pretty print of %s, which parses back',
    (_name, value) => {
      const text = jsonLines(value).map(lineText).join('\n');
      expect(text).toBe(JSON.stringify(value, null, 2));
      expect(JSON.parse(text)).toEqual(value);
    },
  );

  it('knows where each container ends and what it is inside', () => {
    const lines = jsonLines({ a: { b: [1, 2] }, c: 3 });
    const a = lines.findIndex((line) => line.key === '"a"');
    const b = lines.findIndex((line) => line.key === '"b"');
    expect(lines[a]).toMatchObject({ kind: 'open', count: 1 });
    expect(lines[lines[a]!.end!]).toMatchObject({ kind: 'close', text: '}', comma: true });
    expect(lines[b]!.count).toBe(2);
    const two = lines.findIndex((line) => line.text === '2');
    expect(ancestorsOf(lines, two)).toEqual([b, a, 0]);
  });
});

describe('findMatches', () => {
  it('finds every occurrence, ignoring case, in keys and values, in reading order', () => {
    const lines = jsonLines({ userName: 'Jane', name: { givenName: 'JANE' }, emails: ['jane@x', 'bob@x'] });
    const contents = lines.map(lineContent);
    const matches = findMatches(contents, 'jane');
    expect(matches.map((match) => contents[match.line]!.slice(match.start, match.end))).toEqual(['Jane', 'JANE', 'jane']);
    expect(findMatches(contents, 'name').length).toBe(3);
    expect(findMatches(contents, '')).toEqual([]);
    expect(findMatches(['aaaa'], 'aa')).toEqual([
      { line: 0, start: 0, end: 2 },
      { line: 0, start: 2, end: 4 },
    ]);
  });
});
