import { expect, it } from 'vitest';
import { ScimError } from '../../../../src/engine/scim/errors';

/** A detail quotes what was sent, at most 2,000 characters of it, and never half a character. */
it('keeps a short detail whole', () => {
  expect(new ScimError(400, 'invalidValue', 'short').detail).toBe('short');
});

it('cuts a long detail, saying how much was left out', () => {
  const detail = new ScimError(400, 'invalidPath', `x${'y'.repeat(2_500)}`).detail;
  expect(detail).toBe(`x${'y'.repeat(1_999)}… (501 more characters left out)`);
});

it('does not cut between the halves of a surrogate pair', () => {
  // The emoji's first half is the 2,000th character.
  const detail = new ScimError(400, 'invalidValue', `${'a'.repeat(1_999)}😀${'b'.repeat(10)}`).detail;
  expect(detail).toBe(`${'a'.repeat(1_999)}… (12 more characters left out)`);
  expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(detail)).toBe(false);
});
