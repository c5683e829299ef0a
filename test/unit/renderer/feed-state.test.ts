import { describe, expect, it } from 'vitest';
import { nextFeedStatus, type FeedEvent, type FeedStatus } from '../../../src/renderer/src/feed-state';

const run = (...events: (FeedEvent | 'settled')[]): FeedStatus => events.reduce(nextFeedStatus, { feed: 'connecting', reconnects: 0 } as FeedStatus);

/** What the header says about the live feed as the engine stops, comes back, or comes back with another token. */
describe('the live feed state', () => {
  it('is live at the first open, without counting a reconnect', () => {
    expect(run('open')).toEqual({ feed: 'live', reconnects: 0 });
  });

  it('counts a first open after failed attempts as a return (what was recorded meanwhile is re-read)', () => {
    expect(run('down', 'down', 'open')).toEqual({ feed: 'back', reconnects: 1 });
  });

  it('goes down, then back (counted once, however many failed retries came between), then settles to live', () => {
    expect(run('open', 'down', 'down')).toEqual({ feed: 'down', reconnects: 0 });
    expect(run('open', 'down', 'down', 'open')).toEqual({ feed: 'back', reconnects: 1 });
    expect(run('open', 'down', 'open', 'open')).toEqual({ feed: 'back', reconnects: 1 });
    expect(run('open', 'down', 'open', 'settled')).toEqual({ feed: 'live', reconnects: 1 });
    expect(run('open', 'down', 'open', 'settled', 'down', 'open')).toEqual({ feed: 'back', reconnects: 2 });
  });

  it('settling does nothing unless it was back', () => {
    expect(run('open', 'down', 'settled')).toEqual({ feed: 'down', reconnects: 0 });
    expect(run('open', 'settled')).toEqual({ feed: 'live', reconnects: 0 });
  });

  it('stays on a refused token: nothing after it makes the tab live again', () => {
    expect(run('open', 'down', 'token-rejected', 'down', 'open', 'settled')).toEqual({ feed: 'token-rejected', reconnects: 0 });
  });
});
