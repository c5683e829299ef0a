import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../../src/engine/recorder/token-bucket';

describe('token bucket', () => {
  it('allows a burst, then refills at its rate, never beyond the burst', () => {
    let now = 1_000_000;
    const bucket = new TokenBucket(10, 3, () => now);
    const take = (count: number) => Array.from({ length: count }, () => bucket.take()).filter(Boolean).length;
    expect(take(5)).toBe(3);
    now += 100; // a tenth of a second: one token
    expect(take(5)).toBe(1);
    now += 60_000; // a minute idle refills to the burst, not to 600
    expect(take(10)).toBe(3);
  });

  it('refills nothing when the clock steps back, and resumes from the latest time', () => {
    let now = 5_000;
    const bucket = new TokenBucket(10, 1, () => now);
    expect(bucket.take()).toBe(true);
    now -= 10_000;
    expect(bucket.take()).toBe(false);
    now = 5_050; // only 50 ms after the latest time seen: half a token
    expect(bucket.take()).toBe(false);
    now = 5_100;
    expect(bucket.take()).toBe(true);
  });
});
