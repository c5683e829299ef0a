import { useState } from 'react';
import type { AttributeChange, ExchangeDiffResponse } from '../../../shared/admin-api';
import type { HeaderList, RecordedExchange } from '../../../shared/recording';
import { useSelection } from '../store/selection';
import { useUi, type DetailTab } from '../store/ui';
import { explainError } from './explain-error';
import { DiffTable } from './DiffTable';
import { JsonView } from './JsonView';
import { AppEffectTab } from './AppEffectTab';
import { ReplayTab } from './ReplayTab';
import { VerdictsTab } from './VerdictsTab';
import { RequestTab } from './RequestTab';
import { ErrorFacts } from './ErrorFacts';
import { InjectedFacts } from './faults/InjectedFacts';
import { ResourceName } from './ResourceName';
import { useTabList } from '../hooks/use-tab-list';
import { escapeTo, focusById, useFocusRequest } from '../hooks/use-focus-request';

const TABS: [DetailTab, string][] = [
  ['summary', 'Summary'],
  ['request', 'Request'],
  ['response', 'Response'],
  ['headers', 'Headers'],
  ['changes', 'Changes'],
  ['verdicts', 'Verdicts'],
  ['app', 'App effect'],
  ['replay', 'Replay'],
];
const TAB_KEYS = TABS.map(([key]) => key);

/** One exchange: what it did in words, its request and response, headers (secrets already masked), and the resources it changed. */
export function ExchangeDetail() {
  const { id, exchange, diff, error } = useSelection();
  const { tab, setTab } = useUi();
  const tabs = useTabList('exchange', TAB_KEYS, tab, setTab);
  // Enter on a traffic row comes here: to the selected tab, or to the error when the exchange could not be read.
  useFocusRequest('exchange-detail', () => tabs.focusSelected() || focusById('exchange-error'));
  if (id === undefined) return <aside className="detail empty">Select an exchange to see what it did.</aside>;
  if (error)
    return (
      <aside className="detail error" id="exchange-error" tabIndex={-1} onKeyDown={escapeTo('traffic-list')}>
        Could not load exchange {id}: {error}
      </aside>
    );
  if (!exchange || !diff) return <aside className="detail">Loading…</aside>;
  return (
    <aside className="detail" aria-label="Exchange detail" onKeyDown={escapeTo('traffic-list')}>
      <nav {...tabs.tabListProps} aria-label="Exchange detail tabs">
        {TABS.map(([key, label]) => (
          <button key={key} {...tabs.tabProps(key)}>
            {label}
            {key === 'changes' && diff.resources.length > 0 ? ` (${diff.resources.length})` : ''}
            {key === 'verdicts' && exchange.verdicts.length > 0 ? ` (${exchange.verdicts.length})` : ''}
          </button>
        ))}
      </nav>
      <section {...tabs.panelProps}>
        {tab === 'summary' && <Summary exchange={exchange} diff={diff} />}
        {tab === 'request' && <RequestTab exchange={exchange} />}
        {tab === 'response' && <JsonView label="Response" text={exchange.response.body} />}
        {tab === 'headers' && <HeadersTab exchange={exchange} />}
        {tab === 'changes' && <ChangesTab diff={diff} />}
        {tab === 'verdicts' && <VerdictsTab verdicts={exchange.verdicts} />}
        {tab === 'app' && <AppEffectTab exchangeId={exchange.id} />}
        {tab === 'replay' && <ReplayTab exchange={exchange} />}
      </section>
    </aside>
  );
}

function Summary({ exchange, diff }: { exchange: RecordedExchange; diff: ExchangeDiffResponse }) {
  const explanation = explainError(exchange.response.status, exchange.response.body, exchange.client);
  return (
    <div className="summary">
      <h2 data-testid="operation">{exchange.operation}</h2>
      <dl>
        <dt>Request</dt>
        <dd>
          {exchange.request.method} {exchange.request.url}
        </dd>
        <dt>Status</dt>
        <dd>{exchange.response.status}</dd>
        <dt>When</dt>
        <dd>
          {new Date(exchange.startedAt).toLocaleString()} · {exchange.durationMs.toFixed(1)} ms · {exchange.source}
        </dd>
        <dt>Workspace</dt>
        <dd>{exchange.workspace}</dd>
        <ErrorFacts exchange={exchange} />
        <InjectedFacts exchange={exchange} />
        <dt>Resources touched</dt>
        <dd>
          {diff.resources.length === 0
            ? 'none'
            : diff.resources.map((r, index) => (
                <span key={r.resourceId}>
                  {index > 0 && ', '}
                  <ResourceName type={r.resourceType} id={r.resourceId} name={r.name} /> ({r.kind})
                </span>
              ))}
        </dd>
      </dl>
      {explanation && (
        <p className="explanation" role="note">
          {explanation}
        </p>
      )}
      {exchange.notes.length > 0 && (
        <ul className="notes" aria-label="Notes">
          {exchange.notes.map((note, index) => (
            <li key={index} className={`note-${note.kind}`}>
              {note.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function HeadersTab({ exchange }: { exchange: RecordedExchange }) {
  return (
    <>
      <h3>Request headers</h3>
      <HeaderTable headers={exchange.request.headers} />
      <h3>Response headers</h3>
      <HeaderTable headers={exchange.response.headers} />
    </>
  );
}

function HeaderTable({ headers }: { headers: HeaderList }) {
  return (
    <table className="headers">
      <tbody>
        {headers.map(([name, value], index) => (
          <tr key={index}>
            <th>{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChangesTab({ diff }: { diff: ExchangeDiffResponse }) {
  const [inline, setInline] = useState(false);
  if (diff.resources.length === 0) return <p className="empty">This exchange changed no resource.</p>;
  return (
    <>
      <div className="toolbar">
        <button type="button" aria-pressed={!inline} onClick={() => setInline(false)}>
          Side by side
        </button>
        <button type="button" aria-pressed={inline} onClick={() => setInline(true)}>
          Inline
        </button>
      </div>
      {diff.resources.map((resource) => (
        <div key={resource.resourceId} className="resource-diff">
          <h3>
            <ResourceName type={resource.resourceType} id={resource.resourceId} name={resource.name} /> — {resource.kind}
          </h3>
          <MemberNames label="Members added" ids={resource.membersAdded} names={resource.memberNames} />
          <MemberNames label="Members removed" ids={resource.membersRemoved} names={resource.memberNames} />
          {inline ? (
            <InlineDiff changes={resource.attributes} label={`Changes to ${resource.resourceId}`} />
          ) : (
            <DiffTable changes={resource.attributes} label={`Changes to ${resource.resourceId}`} />
          )}
        </div>
      ))}
    </>
  );
}

function MemberNames({ label, ids, names }: { label: string; ids: string[]; names?: Record<string, string> }) {
  if (ids.length === 0) return null;
  return (
    <p>
      {label}:{' '}
      {ids.map((id, index) => (
        <span key={id}>
          {index > 0 && ', '}
          <ResourceName id={id} name={names?.[id]} />
        </span>
      ))}
    </p>
  );
}

/** The same changes as removed/added lines, as a code review shows them. */
function InlineDiff({ changes, label }: { changes: AttributeChange[]; label: string }) {
  return (
    <pre className="inline-diff" aria-label={label}>
      {changes.flatMap((change) => [
        ...(change.kind === 'added'
          ? []
          : [<span key={`${change.path}-`} className="line-removed">{`- ${change.path}: ${JSON.stringify(change.before)}\n`}</span>]),
        ...(change.kind === 'removed'
          ? []
          : [<span key={`${change.path}+`} className="line-added">{`+ ${change.path}: ${JSON.stringify(change.after)}\n`}</span>]),
      ])}
    </pre>
  );
}
