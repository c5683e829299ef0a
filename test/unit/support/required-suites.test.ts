import { describe, expect, it } from 'vitest';
import { skipWhenMissing } from '../../support/required-suites';

describe('a suite whose tool is missing', () => {
  it('skips on a user machine', () => {
    expect(skipWhenMissing(true, 'Chromium', {})).toBe(true);
    expect(skipWhenMissing(false, 'Chromium', {})).toBe(false);
  });

  it('fails where CI requires every suite to run, naming the tool', () => {
    expect(() => skipWhenMissing(true, 'Chromium (/usr/bin/chromium)', { SCIM_WORKBENCH_REQUIRE_SUITES: '1' })).toThrow(
      /Chromium \(\/usr\/bin\/chromium\) is missing/,
    );
    expect(skipWhenMissing(false, 'Chromium', { SCIM_WORKBENCH_REQUIRE_SUITES: '1' })).toBe(false);
  });
});
