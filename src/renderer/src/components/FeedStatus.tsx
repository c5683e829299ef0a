import { useEffect } from 'react';
import { useConnection } from '../store/connection';

/** How long "Reconnected" stays in the header. */
const RECONNECTED_SHOWN_MS = 4_000;

/** In the header: the engine stopped (the tab is waiting for it), came back, or came back with another admin token. */
export function FeedStatus() {
  const feed = useConnection((state) => state.feed);
  const settled = useConnection((state) => state.settled);
  useEffect(() => {
    if (feed !== 'back') return;
    const timer = setTimeout(settled, RECONNECTED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [feed, settled]);

  if (feed === 'down')
    return (
      <span className="feed-status down" role="status">
        Engine stopped — reconnecting…
      </span>
    );
  if (feed === 'back')
    return (
      <span className="feed-status back" role="status">
        Reconnected
      </span>
    );
  if (feed === 'token-rejected') {
    return (
      <span className="feed-status rejected" role="alert">
        The engine restarted with a new admin token: open the Inspector URL it printed.
      </span>
    );
  }
  return null;
}
