import { useEffect, useRef, type RefObject } from 'react';
import type { ColumnLayoutApi } from '../hooks/use-column-layout';
import { ColumnResizer } from './ColumnResizer';
import { ColumnsMenu } from './ColumnsMenu';

interface ColumnHeadersProps {
  columns: ColumnLayoutApi;
  className: string;
  /** The rows' scroller: columns sized wider than the pane scroll sideways, and the headers follow. */
  scroller: RefObject<HTMLElement | null>;
}

/**
 * A grid list's header row: a header per visible column, each with a resize grip but the last (which
 * fills the rest), then the columns menu in a header cell of its own (a grid's rows hold only cells),
 * which stays put whichever columns are hidden.
 */
export function ColumnHeaders({ columns, className, scroller }: ColumnHeadersProps) {
  const row = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const body = scroller.current;
    if (!body) return;
    const follow = () => row.current?.style.setProperty('transform', body.scrollLeft ? `translateX(${-body.scrollLeft}px)` : '');
    body.addEventListener('scroll', follow, { passive: true });
    return () => body.removeEventListener('scroll', follow);
  }, [scroller]);
  return (
    <div ref={row} className={className} role="row" aria-rowindex={1}>
      {columns.visible.map((column, index) => (
        <span key={column.id} role="columnheader" aria-label={column.title ?? column.label} className="column-header" title={column.title}>
          <span className="column-label">{column.label}</span>
          {index < columns.visible.length - 1 && <ColumnResizer column={column} columns={columns} />}
        </span>
      ))}
      <span role="columnheader" aria-label="Show or hide columns" className="column-header columns-menu-cell">
        <ColumnsMenu columns={columns} />
      </span>
    </div>
  );
}
