import type { ColumnLayoutApi } from '../hooks/use-column-layout';

/** Which columns a list shows: a disclosure with a checkbox per column, and a reset to the default layout. */
export function ColumnsMenu({ columns }: { columns: ColumnLayoutApi }) {
  return (
    <details className="columns-menu">
      <summary title="Show, hide and reset columns">Columns</summary>
      <fieldset>
        <legend>Show columns</legend>
        {columns.all
          .filter((column) => !column.fills)
          .map((column) => (
            <label key={column.id}>
              <input type="checkbox" checked={!columns.isHidden(column.id)} onChange={(event) => columns.setHidden(column.id, !event.target.checked)} />{' '}
              {column.title ?? column.label}
            </label>
          ))}
        <button type="button" onClick={columns.reset}>
          Reset widths and columns
        </button>
      </fieldset>
    </details>
  );
}
