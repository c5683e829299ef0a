import { useExchanges } from '../store/exchanges';
import { useFilters } from '../store/filters';
import { NextActions } from './NextActions';
import { useShowsImported } from '../store/sessions';

/**
 * An empty traffic list: a search that matches nothing can be cleared; no traffic at all offers the
 * demo and the connection. It sits in the list's grid, so it is a row with one cell holding the buttons.
 */
export function EmptyTraffic() {
  return (
    <div role="row" className="empty-row">
      <div role="gridcell">
        <EmptyTrafficMessage />
      </div>
    </div>
  );
}

function EmptyTrafficMessage() {
  const searching = useFilters((state) => state.text.trim() !== '');
  const showsImported = useShowsImported();
  if (searching)
    return (
      <div className="empty-state">
        <p>No exchange matches this search.</p>
        <div className="empty-actions">
          <button
            type="button"
            onClick={() => {
              useFilters.getState().setText('');
              void useExchanges.getState().reload();
            }}
          >
            Clear the search
          </button>
        </div>
      </div>
    );
  // An imported file without exchanges: no IdP will ever send to it, so the demo and the connection are not offered.
  if (showsImported) return <p className="empty-state">This imported session has no exchanges.</p>;
  return <NextActions message="No exchanges yet. Play the demo to see Okta provision a dozen people, or point your IdP at this workbench." connect />;
}
