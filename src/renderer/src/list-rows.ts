import type { ExchangeListItem } from '../../shared/admin-api';

/**
 * Where the traffic list's rows are (pure, for the exchanges store and its unit test): rows newer
 * than the last reload's anchor arrive live and sit on top; below them, pages of PAGE_SIZE rows
 * loaded by offset from the anchor down, absent until they scroll into view.
 */
export const PAGE_SIZE = 200;

export interface ListRows {
  /** New matches since the reload, newest first. */
  live: ExchangeListItem[];
  /** Loaded pages of the matches at or below the anchor, by page number. */
  pages: Record<number, ExchangeListItem[]>;
  /** How many matches at or below the anchor. */
  baseTotal: number;
}

/** The total for the list: live rows and the matches below them. */
export const totalOf = (rows: Pick<ListRows, 'live' | 'baseTotal'>) => rows.live.length + rows.baseTotal;

/** The row at a list index, or undefined while its page loads. */
export function rowAt(rows: Pick<ListRows, 'live' | 'pages'>, index: number): ExchangeListItem | undefined {
  if (index < rows.live.length) return rows.live[index];
  const offset = index - rows.live.length;
  return rows.pages[Math.floor(offset / PAGE_SIZE)]?.[offset % PAGE_SIZE];
}

/**
 * The list index of an exchange among the rows loaded (live rows, then loaded pages), or undefined
 * when it is not loaded: how the keyboard's row stays on the same exchange while new ones arrive above it.
 */
export function indexOfExchange(rows: Pick<ListRows, 'live' | 'pages'>, id: number): number | undefined {
  const live = rows.live.findIndex((row) => row.id === id);
  if (live >= 0) return live;
  for (const [page, items] of Object.entries(rows.pages)) {
    const at = items.findIndex((row) => row.id === id);
    if (at >= 0) return rows.live.length + Number(page) * PAGE_SIZE + at;
  }
  return undefined;
}
