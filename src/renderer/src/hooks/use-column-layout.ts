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
  /** The column that fills what is left: neither hidden nor sized. */
  fills?: boolean;
}

export const MIN_COLUMN_WIDTH = 32;

export interface ColumnLayoutApi {
  all: ColumnDef[];
  visible: ColumnDef[];
  /** The rows' `grid-template-columns`, as the CSS variable --columns. */
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
 * so the list's markup does not change with the layout.
 */
export function useColumnLayout(list: string, columns: ColumnDef[]): ColumnLayoutApi {
  const layout = useLayout((state) => columnsOf(state, list));
  const { setColumnWidth, setColumnHidden, resetColumns } = useLayout.getState();
  return useMemo(() => {
    const isHidden = (id: string) => layout.hidden.includes(id) && !columns.find((column) => column.id === id)?.fills;
    const visible = columns.filter((column) => !isHidden(column.id));
    const track = (column: ColumnDef) => {
      const width = column.fills ? undefined : (layout.widths[column.id] ?? column.width);
      return width === undefined ? (column.flexible ?? 'minmax(6rem, 1fr)') : `${Math.max(MIN_COLUMN_WIDTH, width)}px`;
    };
    return {
      all: columns,
      visible,
      style: { '--columns': visible.map(track).join(' ') } as CSSProperties,
      hiddenPositions: columns.flatMap((column, index) => (isHidden(column.id) ? [String(index + 1)] : [])).join(' '),
      widthOf: (id) => layout.widths[id] ?? columns.find((column) => column.id === id)?.width,
      isHidden,
      setWidth: (id, width) => setColumnWidth(list, id, Math.max(MIN_COLUMN_WIDTH, width)),
      setHidden: (id, hidden) => setColumnHidden(list, id, hidden),
      reset: () => resetColumns(list),
    };
  }, [columns, layout, list, setColumnWidth, setColumnHidden, resetColumns]);
}
