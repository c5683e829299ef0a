import type { ColumnLayoutApi } from '../hooks/use-column-layout';
import { ColumnResizer } from './ColumnResizer';
import { ColumnsMenu } from './ColumnsMenu';

/**
 * A grid list's header row: a header per visible column, each with a resize grip but the one that
 * fills the rest, which holds the columns menu (inside a header cell, as a grid's children must be rows).
 */
export function ColumnHeaders({ columns, className }: { columns: ColumnLayoutApi; className: string }) {
  return (
    <div className={className} role="row">
      {columns.visible.map((column) => (
        <span key={column.id} role="columnheader" aria-label={column.title ?? column.label} className="column-header" title={column.title}>
          <span className="column-label">{column.label}</span>
          {column.fills ? <ColumnsMenu columns={columns} /> : <ColumnResizer column={column} columns={columns} />}
        </span>
      ))}
    </div>
  );
}
