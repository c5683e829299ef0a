/**
 * A token bucket: up to `burst` at once, refilled at `perSecond`. Hand-written (a dozen lines)
 * because the clock must be injectable for tests and no rate limiter is among our dependencies.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Takes a token if one is left. */
  take(): boolean {
    const now = this.now();
    // A clock that steps back (NTP) refills nothing rather than draining the bucket.
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = Math.max(this.updatedAt, now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
