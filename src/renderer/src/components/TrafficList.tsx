import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useTrafficKeyboard } from '../hooks/use-traffic-keyboard';
import type { ExchangeListItem } from '../../../shared/admin-api';
import { rowAt, totalOf } from '../list-rows';
import { useExchanges } from '../store/exchanges';
import { useSelection } from '../store/selection';
import { useScope } from '../store/scope';
import { useSessions } from '../store/sessions';
import { useColumnLayout } from '../hooks/use-column-layout';
import { TRAFFIC_COLUMNS, TRAFFIC_COLUMNS_ONE_SESSION } from '../traffic-columns';
import { ColumnHeaders } from './ColumnHeaders';
import { EmptyTraffic } from './EmptyTraffic';
import { InjectedMark } from './faults/InjectedMark';
import { VerdictBadge } from './VerdictBadge';

const ROW_HEIGHT = 28;
const CLIENT_LABELS: Record<ExchangeListItem['client'], string> = { okta: 'Okta', entra: 'Entra', onelogin: 'OneLogin', workbench: 'Workbench', other: '—' };

/**
 * The traffic list, virtualised (@tanstack/react-virtual): as long as the engine's total for the
 * search and scope, so the scrollbar tells how many match; rows not loaded yet show as placeholders
 * and load (a page at a time, by offset) when they scroll into view.
 */
export function TrafficList() {
  const state = useExchanges();
  const total = totalOf(state);
  const selectedId = useSelection((selection) => selection.id);
  const scroller = useRef<HTMLDivElement>(null);
  // Rows of every session: each says which session it belongs to, by name.
  const mixed = useScope((scope) => scope.session === undefined);
  const sessions = useSessions((list) => list.sessions);
  const sessionNames = useMemo(() => new Map(sessions.map((session) => [session.id, session.name])), [sessions]);
  const columns = useColumnLayout('traffic', mixed ? TRAFFIC_COLUMNS : TRAFFIC_COLUMNS_ONE_SESSION);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  const keyboard = useTrafficKeyboard(scroller, virtualizer, ROW_HEIGHT, first, last);

  useEffect(() => {
    if (last >= first) state.ensureRows(first, last);
  }, [first, last, state]);

  return (
    <div
      className={`traffic${mixed ? ' with-session' : ''}`}
      role="grid"
      aria-label="Traffic"
      // The header is the grid's first row (aria-rowcount and aria-rowindex count it).
      aria-rowcount={total + 1}
      style={columns.style}
      data-hidden-columns={columns.hiddenPositions}
      {...keyboard.gridProps}
    >
      <ColumnHeaders columns={columns} className="traffic-row traffic-head" scroller={scroller} />
      <div className="traffic-body" ref={scroller}>
        {state.error && (
          <p className="error" role="alert">
            The list could not be read: {state.error}
          </p>
        )}
        {total === 0 && !state.loading && !state.error && <EmptyTraffic />}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const exchange = rowAt(state, item.index);
            const style = { position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` } as const;
            if (!exchange) {
              return (
                <div
                  key={`pending-${item.index}`}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-busy="true"
                  className="traffic-row pending"
                  style={style}
                  {...keyboard.rowProps(item.index)}
                >
                  <span role="gridcell">…</span>
                </div>
              );
            }
            return (
              <div
                key={exchange.id}
                role="row"
                aria-rowindex={item.index + 2}
                data-testid="traffic-row"
                aria-selected={exchange.id === selectedId}
                className={`traffic-row${exchange.id === selectedId ? ' selected' : ''}${exchange.status >= 400 ? ' failed' : ''}`}
                style={style}
                {...keyboard.rowProps(item.index, exchange.id)}
              >
                <TrafficCells exchange={exchange} sessionName={mixed ? (sessionNames.get(exchange.sessionId) ?? '…') : undefined} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * A row's cells. The newest exchange comes first, so every row moves down (its index and position
 * change) as each one arrives; the row element follows, while its cells render again only when
 * its exchange or session name changed: on a live batch, the new rows' cells alone.
 */
const TrafficCells = memo(function TrafficCells({ exchange, sessionName }: { exchange: ExchangeListItem; sessionName: string | undefined }) {
  const status = exchange.status;
  return (
    <>
      {sessionName !== undefined && (
        <span role="gridcell" className="session-name" title={sessionName}>
          {sessionName}
        </span>
      )}
      <span role="gridcell">{new Date(exchange.startedAt).toLocaleTimeString()}</span>
      <span role="gridcell" className={`badge client-${exchange.client}`}>
        {CLIENT_LABELS[exchange.client]}
      </span>
      <span role="gridcell" className="method">
        {exchange.method}
      </span>
      <span role="gridcell" className="path" title={exchange.url}>
        {exchange.url}
      </span>
      <span role="gridcell" className={`status s${Math.floor(status / 100)}xx`}>
        {status}
        <VerdictBadge counts={exchange.verdicts} />
      </span>
      <span role="gridcell">{exchange.durationMs.toFixed(1)}</span>
      <span role="gridcell" className="operation" title={exchange.operation}>
        {exchange.injected && <InjectedMark injected={exchange.injected} status={status} />}
        {exchange.operation}
      </span>
    </>
  );
});
