import { MAX_SEARCH_LENGTH } from '../../../shared/search/parse-search';
import { useConnection } from '../store/connection';
import { totalOf } from '../list-rows';
import { useExchanges } from '../store/exchanges';
import { useFilters } from '../store/filters';
import { filterBoxKeys } from '../hooks/filter-box-keys';
import { useShowsImported } from '../store/sessions';

/**
 * The search box (the language of src/shared/search: `status:4xx method:PATCH client:okta
 * path:/Groups user:jane`, words, "phrases"), saved filters, hide-connection-tests, pause/follow, and
 * how many exchanges match. Enter or Apply runs the search on the engine.
 */
export function FilterBar() {
  const live = useConnection((state) => state.live);
  const feed = useConnection((state) => state.feed);
  const { text, parsed, hideConnectionTests, saved, setText, setHideConnectionTests, save, forget } = useFilters();
  const { paused, waiting, setPaused, reload } = useExchanges();
  const showsImported = useShowsImported();
  const total = useExchanges(totalOf);
  const loading = useExchanges((state) => state.loading);
  const indexing = useExchanges((state) => state.indexing);
  const applied = useExchanges((state) => state.query.q ?? '');
  const onKeyDown = filterBoxKeys({
    text,
    apply: async () => (text.trim() === applied ? undefined : reload()),
    clear: () => {
      setText('');
      void reload();
    },
    list: 'traffic-list',
  });

  return (
    <form
      className="filter-bar"
      onSubmit={(event) => {
        event.preventDefault();
        void reload();
      }}
    >
      <input
        aria-label="Filter"
        data-shortcut="filter"
        placeholder='status:4xx method:PATCH client:okta path:/Groups user:jane, "a phrase", or any words'
        value={text}
        maxLength={MAX_SEARCH_LENGTH}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit">Apply</button>
      <button type="button" onClick={save} disabled={!text.trim()}>
        Save
      </button>
      {saved.length > 0 && (
        <select aria-label="Saved filters" value="" onChange={(event) => event.target.value && (setText(event.target.value), void reload())}>
          <option value="">Saved filters…</option>
          {saved.map((item) => (
            <option key={item} value={item}>
              {item}
            </option>
          ))}
        </select>
      )}
      {saved.includes(text.trim()) && (
        <button type="button" onClick={() => forget(text.trim())}>
          Forget
        </button>
      )}
      <label>
        <input
          type="checkbox"
          checked={hideConnectionTests}
          onChange={(event) => {
            setHideConnectionTests(event.target.checked);
            void reload();
          }}
        />{' '}
        Hide connection tests
      </label>
      {!showsImported && (
        <button type="button" aria-pressed={!paused} onClick={() => setPaused(!paused)}>
          {paused ? `Follow${waiting ? ` (${waiting} new)` : ''}` : 'Pause'}
        </button>
      )}
      <span className={`live ${live && !showsImported ? 'on' : 'off'}`}>
        {showsImported ? 'imported' : live ? 'live' : feed === 'down' ? 'reconnecting…' : 'offline'}
      </span>
      <output className="total" aria-label="Matching exchanges" aria-busy={loading}>
        {total.toLocaleString()} {total === 1 ? 'exchange' : 'exchanges'}
        {indexing > 0 && `, ${indexing.toLocaleString()} still being indexed`}
      </output>
      {parsed.invalid.length > 0 && (
        <span className="invalid" role="alert">
          Not understood: {parsed.invalid.join(' ')}
        </span>
      )}
    </form>
  );
}
