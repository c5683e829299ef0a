import { useMemo, type CSSProperties } from 'react';
import { columnsOf, useLayout } from '../store/layout';

export interface ColumnDef {
  id: string;
  /** The header's text. */
  label: string;
  /** Said where the label is short ("ms"): the columns menu and the header's tooltip. */
  title?: string;
  /** Default width in px; absent for a column that shares the remaining width. */
  width?: number;
  /** The grid track of a column that shares the remaining width (until the user sizes it). */
  flexible?: string;
}

export const MIN_COLUMN_WIDTH = 32;
const MENU_TRACK = '1.5rem';

export interface ColumnLayoutApi {
  all: ColumnDef[];
  /** The shown columns; the last of them fills the rest of the width, so it has no width of its own. */
  visible: ColumnDef[];
  /** The rows' `grid-template-columns`, as the CSS variable --columns, ending with the columns menu's track. */
  style: CSSProperties;
  /** 1-based positions of the hidden columns among all of them, for styles.css to hide those cells. */
  hiddenPositions: string;
  widthOf(id: string): number | undefined;
  isHidden(id: string): boolean;
  setWidth(id: string, width: number): void;
  setHidden(id: string, hidden: boolean): void;
  reset(): void;
}

/**
 * A grid list's columns as the user sized and hid them (kept in the layout store under `list`):
 * the grid template of the visible ones and which cells to hide. Rows keep rendering every cell,
 * so the list's markup does not change with the layout. One column always stays visible.
 */
export function useColumnLayout(list: string, columns: ColumnDef[]): ColumnLayoutApi {
  const layout = useLayout((state) => columnsOf(state, list));
  const { setColumnWidth, setColumnHidden, resetColumns } = useLayout.getState();
  return useMemo(() => {
    const stored = columns.filter((column) => !layout.hidden.includes(column.id));
    // Everything hidden (an old entry, or a hand edit) would leave an empty list: show the last column then.
    const visible = stored.length > 0 ? stored : columns.slice(-1);
    const isHidden = (id: string) => !visible.some((column) => column.id === id);
    const widthOf = (id: string) => layout.widths[id] ?? columns.find((column) => column.id === id)?.width;
    const track = (column: ColumnDef, last: boolean) => {
      const width = widthOf(column.id);
      if (last) return column.flexible ?? `minmax(${Math.max(MIN_COLUMN_WIDTH, width ?? 0)}px, 1fr)`;
      return width === undefined ? (column.flexible ?? 'minmax(6rem, 1fr)') : `${Math.max(MIN_COLUMN_WIDTH, width)}px`;
    };
    return {
      all: columns,
      visible,
      // The last track is the header's columns menu, always there whichever columns are hidden (rows leave it empty).
      style: { '--columns': [...visible.map((column, index) => track(column, index === visible.length - 1)), MENU_TRACK].join(' ') } as CSSProperties,
      hiddenPositions: columns.flatMap((column, index) => (isHidden(column.id) ? [String(index + 1)] : [])).join(' '),
      widthOf,
      isHidden,
      setWidth: (id, width) => setColumnWidth(list, id, Math.max(MIN_COLUMN_WIDTH, width)),
      setHidden: (id, hidden) => {
        if (hidden && visible.length === 1) return;
        setColumnHidden(list, id, hidden);
      },
      reset: () => resetColumns(list),
    };
  }, [columns, layout, list, setColumnWidth, setColumnHidden, resetColumns]);
}
