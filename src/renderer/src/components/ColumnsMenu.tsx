import { useEffect, useRef } from 'react';
import type { ColumnLayoutApi } from '../hooks/use-column-layout';

/**
 * Which columns a list shows: a disclosure with a checkbox per column, and a reset to the default
 * layout. Like a menu, it closes on Escape (focus back on its toggle) and on a click elsewhere.
 */
export function ColumnsMenu({ columns }: { columns: ColumnLayoutApi }) {
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const closeOutside = (event: PointerEvent) => {
      if (menu.current?.open && !menu.current.contains(event.target as Node)) menu.current.open = false;
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, []);
  return (
    <details
      ref={menu}
      className="columns-menu"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !menu.current?.open) return;
        event.stopPropagation();
        menu.current.open = false;
        menu.current.querySelector('summary')?.focus();
      }}
    >
      <summary aria-label="Columns" title="Show, hide and reset columns">
        ⋮
      </summary>
      <fieldset>
        <legend>Show columns</legend>
        {columns.all.map((column) => {
          const shown = !columns.isHidden(column.id);
          return (
            <label key={column.id}>
              <input
                type="checkbox"
                checked={shown}
                // The one column left cannot go: an empty list would have nowhere to bring columns back.
                disabled={shown && columns.visible.length === 1}
                onChange={(event) => columns.setHidden(column.id, !event.target.checked)}
              />{' '}
              {column.title ?? column.label}
            </label>
          );
        })}
        <button type="button" onClick={columns.reset}>
          Reset widths and columns
        </button>
      </fieldset>
    </details>
  );
}
