/**
 * The live feed as the header shows it: `connecting` until the feed first opens, `live`, `down`
 * while the engine is unreachable (the feed keeps retrying), `back` for a moment once it answers
 * again, `token-rejected` when it came back with another admin token (no retry helps).
 */
export type FeedState = 'connecting' | 'live' | 'down' | 'back' | 'token-rejected';

/** What the live feed tells its listener besides batches: it (re)opened, dropped, or its token was refused. */
export type FeedEvent = 'open' | 'down' | 'token-rejected';

export interface FeedStatus {
  feed: FeedState;
  /** Counts the engine's returns: what it recorded while the feed was down is re-read on each. */
  reconnects: number;
}

/** The feed's next state; pure, so the header's story is tested without a browser. */
export function nextFeedStatus(status: FeedStatus, event: FeedEvent | 'settled'): FeedStatus {
  if (status.feed === 'token-rejected') return status;
  if (event === 'token-rejected' || event === 'down') return { ...status, feed: event };
  if (event === 'settled') return status.feed === 'back' ? { ...status, feed: 'live' } : status;
  if (status.feed === 'down') return { feed: 'back', reconnects: status.reconnects + 1 };
  return { ...status, feed: status.feed === 'back' ? 'back' : 'live' };
}
