import { useCallback, type KeyboardEvent } from 'react';
import { nextListIndex } from '../list-keys';

export interface ListKeyboardOptions {
  count: number;
  /** The row the keyboard is on. */
  active: number;
  /** How many rows a screenful holds (PageUp/PageDown). */
  pageRows(): number;
  /** ↑/↓/Home/End/PageUp/PageDown: the row to go to. */
  move(index: number): void;
  /** Enter: open the row's detail (and go into it). */
  open(): void;
  /** Space: select the row, staying in the list. */
  select(): void;
  /** Esc. */
  escape(): void;
}

/**
 * The keys of a list whose rows are focusable (the traffic grid, the resource list), in the way of
 * Chrome DevTools' Network panel and the WAI-ARIA grid pattern: one handler on the list, which the
 * rows' key presses bubble to. Keys with a modifier are left to the browser and the system.
 */
export function useListKeyboard({ count, active, pageRows, move, open, select, escape }: ListKeyboardOptions) {
  return useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const next = nextListIndex(event.key, active, count, pageRows());
      if (next !== undefined) move(next);
      else if (event.key === 'Enter') open();
      else if (event.key === ' ') select();
      else if (event.key === 'Escape') escape();
      else return;
      event.preventDefault();
    },
    [count, active, pageRows, move, open, select, escape],
  );
}
