import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/** A list's columns as the user left them: widths in px of the resized ones, and the hidden ones. */
export interface ColumnLayout {
  widths: Record<string, number>;
  hidden: string[];
}

/**
 * The sizes the user gave the layout, kept in localStorage so a reload restores them: each split
 * pane's first pane as a percentage of the split's width, and each list's columns.
 */
interface LayoutState {
  panes: Record<string, number>;
  columns: Record<string, ColumnLayout>;
  setPane(pane: string, percent: number): void;
  setColumnWidth(list: string, column: string, width: number): void;
  setColumnHidden(list: string, column: string, hidden: boolean): void;
  resetColumns(list: string): void;
}

const NO_COLUMNS: ColumnLayout = { widths: {}, hidden: [] };
const isNumberRecord = (value: unknown): value is Record<string, number> =>
  typeof value === 'object' && value !== null && Object.values(value).every((item) => typeof item === 'number' && Number.isFinite(item));

export const columnsOf = (state: Pick<LayoutState, 'columns'>, list: string): ColumnLayout => state.columns[list] ?? NO_COLUMNS;

export const useLayout = create<LayoutState>()(
  persist(
    (set) => ({
      panes: {},
      columns: {},
      setPane: (pane, percent) => set((state) => ({ panes: { ...state.panes, [pane]: Math.round(percent * 10) / 10 } })),
      setColumnWidth: (list, column, width) =>
        set((state) => {
          const layout = columnsOf(state, list);
          return { columns: { ...state.columns, [list]: { ...layout, widths: { ...layout.widths, [column]: Math.round(width) } } } };
        }),
      setColumnHidden: (list, column, hidden) =>
        set((state) => {
          const layout = columnsOf(state, list);
          const others = layout.hidden.filter((id) => id !== column);
          return { columns: { ...state.columns, [list]: { ...layout, hidden: hidden ? [...others, column] : others } } };
        }),
      resetColumns: (list) =>
        set((state) => {
          const columns = { ...state.columns };
          delete columns[list];
          return { columns };
        }),
    }),
    {
      name: 'scim-workbench.layout',
      storage: createJSONStorage(() => localStorage),
      // Only well-formed values are restored: a hand-edited or older entry must not break the layout.
      merge: (stored, current) => {
        const value = (stored ?? {}) as Partial<LayoutState>;
        const panes = isNumberRecord(value.panes) ? value.panes : {};
        const columns: Record<string, ColumnLayout> = {};
        for (const [list, layout] of Object.entries(typeof value.columns === 'object' && value.columns !== null ? value.columns : {})) {
          if (!isNumberRecord(layout?.widths) || !Array.isArray(layout?.hidden)) continue;
          columns[list] = { widths: layout.widths, hidden: layout.hidden.filter((id): id is string => typeof id === 'string') };
        }
        return { ...current, panes, columns };
      },
    },
  ),
);
