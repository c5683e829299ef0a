/**
 * How many summary records of unauthenticated or refused requests one workspace may get per
 * second. A real IdP misconfiguration shows up in a few of them; a flood (a scanner, a client in a
 * retry loop) must not fill the disk or crowd the inspector, so the rest of that second is only counted.
 */
export const SUMMARIES_PER_SECOND = 20;

/** A fixed one-second window per key: simple, and enough to bound what a flood can write. */
export class PerSecondCap {
  private readonly windows = new Map<string, { second: number; used: number }>();
  /** Requests not recorded because their workspace was over the cap, since start. */
  dropped = 0;

  constructor(
    private readonly perSecond: number = SUMMARIES_PER_SECOND,
    /** Injectable so a test can hold the clock still instead of racing it. */
    private readonly now: () => number = Date.now,
  ) {}

  allow(key: string): boolean {
    const second = Math.floor(this.now() / 1000);
    let window = this.windows.get(key);
    if (!window || window.second !== second) {
      // Keys are workspaces that exist, so the map stays small; stale windows are reset on use.
      window = { second, used: 0 };
      this.windows.set(key, window);
    }
    if (window.used >= this.perSecond) {
      this.dropped++;
      return false;
    }
    window.used++;
    return true;
  }
}
