import { useEffect, useRef } from 'react';
import { useConnection } from '../store/connection';
import { DiffTable } from './DiffTable';
import { EmptyResources } from './EmptyResources';
import { SplitPane } from './SplitPane';
import { useResources, type ResourceType } from '../store/resources';
import { useSelection } from '../store/selection';
import { useUi } from '../store/ui';
import { useWorkspaces } from '../store/workspaces';
import { CurrentJson, titleOf } from './CurrentJson';
import { ResourceName } from './ResourceName';
import { useResourceListKeyboard } from '../hooks/use-resource-list-keyboard';
import { escapeTo, focusById, useFocusRequest } from '../hooks/use-focus-request';
import { filterBoxKeys } from '../hooks/filter-box-keys';
import { ResourceReaction } from './ResourceReaction';

/** Users and groups as the app sees them, each with its version timeline and what changed between any two versions. */
export function ResourcesView() {
  const client = useConnection((state) => state.client)!;
  const { type, query, list, total, error, openId, search, close } = useResources();
  const workspace = useWorkspaces((state) => state.current);
  const table = useRef<HTMLTableElement>(null);
  const keyboard = useResourceListKeyboard(table);
  useEffect(() => {
    // The resource open in the workspace switched away from is closed.
    if (useResources.getState().workspace !== workspace) close();
    void search(client, { workspace });
  }, [client, search, close, workspace]);

  return (
    <SplitPane id="resources" as="main" className="workspace resources" label="Resize the resource list" defaultPercent={50} minFirst={320} minSecond={340}>
      <section className="left">
        <form
          className="filter-bar"
          onSubmit={(event) => {
            event.preventDefault();
            void search(client, {});
          }}
        >
          {(['User', 'Group'] as ResourceType[]).map((candidate) => (
            <button key={candidate} type="button" aria-pressed={type === candidate} onClick={() => void search(client, { type: candidate })}>
              {candidate}s
            </button>
          ))}
          <input
            aria-label="Search resources"
            data-shortcut="filter"
            placeholder={type === 'User' ? 'userName, displayName or externalId' : 'displayName or externalId'}
            value={query}
            onChange={(event) => useResources.setState({ query: event.target.value })}
            onKeyDown={filterBoxKeys({
              text: query,
              apply: () => search(client, {}),
              clear: () => void search(client, { query: '' }),
              list: 'resource-list',
            })}
          />
          <button type="submit">Search</button>
          <span>{total} found</span>
        </form>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <table className="resource-list" role="grid" aria-label={`${type}s`} ref={table} {...keyboard.gridProps}>
          <thead>
            <tr>
              {type === 'User' ? (
                <>
                  <th className="col-name">userName</th>
                  <th className="col-name">Name</th>
                  <th className="col-state">Active</th>
                  <th>Groups</th>
                </>
              ) : (
                <>
                  <th className="col-wide">displayName</th>
                  <th>externalId</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {list.map((resource, index) => {
              const id = String(resource.id);
              return (
                <tr key={id} className={id === openId ? 'selected' : ''} aria-selected={id === openId} data-testid="resource-row" {...keyboard.rowProps(index)}>
                  {type === 'User' ? (
                    <>
                      <td>{String(resource.userName ?? '')}</td>
                      <td>{String(resource.displayName ?? (resource.name as { formatted?: string } | undefined)?.formatted ?? '')}</td>
                      <td>{resource.active === false ? 'inactive' : 'active'}</td>
                      <td>{((resource.groups as { display?: string }[] | undefined) ?? []).map((group) => group.display).join(', ')}</td>
                    </>
                  ) : (
                    <>
                      <td>{String(resource.displayName ?? '')}</td>
                      <td>{String(resource.externalId ?? '')}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {list.length === 0 && !error && <EmptyResources type={type} searching={query.trim() !== ''} />}
      </section>
      <ResourcePage />
    </SplitPane>
  );
}

function ResourcePage() {
  const client = useConnection((state) => state.client)!;
  const { openId, versions, touchedBy, compare, diff, compareVersions, list, workspace } = useResources();
  const select = useSelection((state) => state.select);
  const setView = useUi((state) => state.setView);
  // Enter on a resource row comes here.
  useFocusRequest('resource-detail', () => focusById('resource-detail'));
  if (!openId) return <aside className="detail empty">Select a resource to see its history.</aside>;
  return (
    <aside className="detail" aria-label="Resource history" id="resource-detail" tabIndex={-1} onKeyDown={escapeTo('resource-list')}>
      <h2>
        <ResourceName id={openId} name={titleOf(list.find((resource) => resource.id === openId) ?? versions.at(-1)?.after ?? versions.at(-1)?.before)} />
      </h2>
      <CurrentJson resource={list.find((resource) => resource.id === openId)} latest={versions.at(-1)} />
      <h3>Versions</h3>
      <ol className="timeline" aria-label="Versions">
        {versions.map((version, index) => (
          <li key={version.id}>
            <label>
              <input
                type="checkbox"
                checked={compare?.includes(version.id) ?? false}
                onChange={() => {
                  // Two boxes at a time: the newly ticked one and the latest of the pair before it.
                  const other = compare?.find((id) => id !== version.id) ?? versions[Math.max(0, index - 1)]!.id;
                  const [from, to] = [other, version.id].sort((a, b) => a - b) as [number, number];
                  if (from !== to) void compareVersions(client, from, to);
                }}
              />{' '}
              v{index + 1} · {new Date(version.at).toLocaleString()} ·{' '}
              <span className="version-summary">
                {version.summary ?? (version.before === null ? 'created' : version.after === null ? 'deleted' : 'changed')}
              </span>
            </label>
          </li>
        ))}
      </ol>
      {diff && compare && (
        <>
          <p>
            v{versions.findIndex((v) => v.id === compare[0]) + 1} → v{versions.findIndex((v) => v.id === compare[1]) + 1}
          </p>
          <DiffTable changes={diff.changes} label="Version diff" />
        </>
      )}
      <ResourceReaction workspace={workspace} id={openId} />
      <h3>Exchanges that touched it</h3>
      <ul className="touched" aria-label="Exchanges that touched it">
        {touchedBy.map((exchange) => (
          <li key={exchange.id}>
            <button
              type="button"
              className="link"
              onClick={() => {
                void select(client, exchange.id);
                setView('traffic');
              }}
            >
              {new Date(exchange.startedAt).toLocaleTimeString()} {exchange.operation}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
