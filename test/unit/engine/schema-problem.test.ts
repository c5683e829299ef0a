import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { Compile, Validator } from 'typebox/compile';
import { INTERPRETED_CHECKS, lazyValidator } from '../../../src/engine/schema-problem';

/** A schema with the keywords the workbench's schemas use: nested objects, unions, patterns, limits, closed keys. */
const Shape = Type.Object(
  {
    name: Type.String({ pattern: '\\S', maxLength: 20, description: 'a name' }),
    days: Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()]),
    mode: Type.Optional(Type.Enum(['bearer', 'basic', 'header'])),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 3 })),
    auth: Type.Optional(Type.Object({ username: Type.String(), secret: Type.Optional(Type.Boolean()) }, { additionalProperties: false })),
    rest: Type.Optional(Type.Record(Type.String(), Type.Number())),
  },
  { additionalProperties: false },
);

const VALUES: unknown[] = [
  { name: 'okta', days: 7 },
  { name: 'okta', days: null, mode: 'basic', tags: ['a', 'b'], auth: { username: 'u', secret: true }, rest: { a: 1 } },
  { name: ' ', days: 7 },
  { name: 'x'.repeat(21), days: 7 },
  { name: 'okta', days: 0 },
  { name: 'okta', days: 2.5 },
  { name: 'okta', days: '7' },
  { name: 'okta' },
  { name: 'okta', days: 7, mode: 'oauth' },
  { name: 'okta', days: 7, tags: ['a', 'b', 'c', 'd'] },
  { name: 'okta', days: 7, tags: [''] },
  { name: 'okta', days: 7, auth: { username: 'u', password: 'p' } },
  { name: 'okta', days: 7, rest: { a: 'one' } },
  { name: 'okta', days: 7, colour: 'blue' },
  [],
  null,
  'okta',
  42,
];

const compiled = Compile(Shape);

describe('lazyValidator', () => {
  it('answers as the compiled validator, with the same errors, before and after it compiles', () => {
    const checker = lazyValidator(Shape);
    for (let round = 0; round < 3; round++) {
      for (const value of VALUES) {
        const validator = checker();
        expect(validator.Check(value), JSON.stringify(value)).toBe(compiled.Check(value));
        expect(validator.Errors(value), JSON.stringify(value)).toEqual(compiled.Errors(value));
      }
    }
  });

  it('interprets a CLI command’s few checks and compiles the schema once it is checked often', () => {
    const checker = lazyValidator(Shape);
    expect(checker()).not.toBeInstanceOf(Validator);
    for (let check = 1; check < INTERPRETED_CHECKS; check++) {
      expect(checker()).not.toBeInstanceOf(Validator);
      checker().Check(VALUES[check % VALUES.length]);
    }
    checker().Check(VALUES[0]);
    expect(checker()).toBeInstanceOf(Validator);
    expect(checker().Check(VALUES[0])).toBe(true);
    expect(checker().Check(VALUES[2])).toBe(false);
  });
});
