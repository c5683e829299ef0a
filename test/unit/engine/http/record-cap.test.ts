import { describe, expect, it } from 'vitest';
import { PerSecondCap } from '../../../../src/engine/http/record-cap';

describe('PerSecondCap', () => {
  it('allows up to the cap per key within one second, then counts what it refuses', () => {
    let now = 5_000;
    const cap = new PerSecondCap(3, () => now);
    expect(Array.from({ length: 5 }, () => cap.allow('default'))).toEqual([true, true, true, false, false]);
    expect(cap.dropped).toBe(2);
    // Another workspace has its own allowance.
    expect(cap.allow('acme')).toBe(true);
    now = 5_999;
    expect(cap.allow('default')).toBe(false);
    // The next second starts afresh.
    now = 6_000;
    expect(Array.from({ length: 4 }, () => cap.allow('default'))).toEqual([true, true, true, false]);
    expect(cap.dropped).toBe(4);
  });

  it('with a cap of 0 allows nothing', () => {
    const cap = new PerSecondCap(0, () => 0);
    expect(cap.allow('default')).toBe(false);
  });
});
