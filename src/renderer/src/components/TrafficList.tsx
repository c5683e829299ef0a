import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import type { RecordedExchange } from '../../../shared/recording';
import { isConnectionTest } from '../filters/filter-terms';
import { useConnection } from '../store/connection';
import { useExchanges } from '../store/exchanges';
import { useFilters } from '../store/filters';
import { useSelection } from '../store/selection';
import { useScope } from '../store/scope';
import { useSessions } from '../store/sessions';

const ROW_HEIGHT = 28;
const CLIENT_LABELS: Record<RecordedExchange['client'], string> = { okta: 'Okta', entra: 'Entra', onelogin: 'OneLogin', workbench: 'Workbench', other: '—' };

/** The live traffic list, virtualised (@tanstack/react-virtual) so 100,000 rows scroll like 100. */
export function TrafficList() {
  const client = useConnection((state) => state.client)!;
  const { rows, loadMore } = useExchanges();
  const { terms, hideConnectionTests } = useFilters();
  const selectedId = useSelection((state) => state.id);
  const select = useSelection((state) => state.select);
  const visible = useMemo(() => (hideConnectionTests ? rows.filter((row) => !isConnectionTest(row)) : rows), [rows, hideConnectionTests]);
  const scroller = useRef<HTMLDivElement>(null);
  // Rows of every session: each says which session it belongs to, by name.
  const mixed = useScope((state) => state.session === undefined);
  const sessions = useSessions((state) => state.sessions);
  const sessionNames = useMemo(() => new Map(sessions.map((session) => [session.id, session.name])), [sessions]);
  const virtualizer = useVirtualizer({ count: visible.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });

  const onScroll = () => {
    const element = scroller.current;
    if (element && element.scrollTop + element.clientHeight > element.scrollHeight - ROW_HEIGHT * 50) void loadMore(client, terms);
  };

  return (
    <div className={`traffic${mixed ? ' with-session' : ''}`} role="grid" aria-label="Traffic" aria-rowcount={visible.length}>
      <div className="traffic-row traffic-head" role="row">
        {mixed && <span>Session</span>}
        <span>Time</span><span>Client</span><span>Method</span><span>Path</span><span>Status</span><span>ms</span><span>Operation</span>
      </div>
      <div className="traffic-body" ref={scroller} onScroll={onScroll}>
        {visible.length === 0 && <p className="empty">No exchanges yet. Point an IdP at the SCIM base URL (see Connection), or change the filter.</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const exchange = visible[item.index]!;
            const status = exchange.response.status;
            return (
              <div
                key={exchange.id}
                role="row"
                data-testid="traffic-row"
                aria-selected={exchange.id === selectedId}
                className={`traffic-row${exchange.id === selectedId ? ' selected' : ''}${status >= 400 ? ' failed' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => void select(client, exchange.id)}
              >
                {mixed && <span className="session-name" title={sessionNames.get(exchange.sessionId)}>{sessionNames.get(exchange.sessionId) ?? '…'}</span>}
                <span>{new Date(exchange.startedAt).toLocaleTimeString()}</span>
                <span className={`badge client-${exchange.client}`}>{CLIENT_LABELS[exchange.client]}</span>
                <span className="method">{exchange.request.method}</span>
                <span className="path" title={exchange.request.url}>{exchange.request.url}</span>
                <span className={`status s${Math.floor(status / 100)}xx`}>{status}</span>
                <span>{exchange.durationMs.toFixed(1)}</span>
                <span className="operation" title={exchange.operation}>{exchange.operation}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
