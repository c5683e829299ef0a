import { useExchanges } from '../store/exchanges';
import { useFilters } from '../store/filters';
import { NextActions } from './NextActions';

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
  return <NextActions message="No exchanges yet. Play the demo to see Okta provision a dozen people, or point your IdP at this workbench." connect />;
}
