import { useConnection } from '../store/connection';
import { useExchanges } from '../store/exchanges';
import { useFilters } from '../store/filters';

/** Typed terms (`status:4xx method:PATCH client:okta path:/Groups user:jane`) and free text; saved filters; pause/follow. */
export function FilterBar() {
  const client = useConnection((state) => state.client)!;
  const live = useConnection((state) => state.live);
  const feed = useConnection((state) => state.feed);
  const { text, terms, hideConnectionTests, saved, setText, setHideConnectionTests, save, forget } = useFilters();
  const { paused, waiting, setPaused, reload } = useExchanges();

  return (
    <form
      className="filter-bar"
      onSubmit={(event) => {
        event.preventDefault();
        void reload(client, terms);
      }}
    >
      <input
        aria-label="Filter"
        placeholder="status:4xx method:PATCH client:okta path:/Groups user:jane, or any text"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit">Apply</button>
      <button type="button" onClick={save} disabled={!text.trim()}>Save</button>
      {saved.length > 0 && (
        <select aria-label="Saved filters" value="" onChange={(event) => event.target.value && (setText(event.target.value), void reload(client, useFilters.getState().terms))}>
          <option value="">Saved filters…</option>
          {saved.map((item) => <option key={item} value={item}>{item}</option>)}
        </select>
      )}
      {saved.includes(text.trim()) && <button type="button" onClick={() => forget(text.trim())}>Forget</button>}
      <label>
        <input type="checkbox" checked={hideConnectionTests} onChange={(event) => setHideConnectionTests(event.target.checked)} /> Hide connection tests
      </label>
      <button type="button" aria-pressed={!paused} onClick={() => setPaused(!paused, client, terms)}>
        {paused ? `Follow${waiting ? ` (${waiting} new)` : ''}` : 'Pause'}
      </button>
      <span className={`live ${live ? 'on' : 'off'}`}>{live ? 'live' : feed === 'down' ? 'reconnecting…' : 'offline'}</span>
      {terms.invalid.length > 0 && <span className="invalid" role="alert">Not understood: {terms.invalid.join(' ')}</span>}
    </form>
  );
}
