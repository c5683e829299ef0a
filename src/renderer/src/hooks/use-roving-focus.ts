import { useCallback, useEffect, useRef, type RefObject } from 'react';

/**
 * Roving focus over a list's rows (WAI-ARIA "roving tabindex"): the row at `active` (marked
 * `data-row-index`) is the list's one tab stop, and `focusSoon` moves focus to it once it is on the
 * page — a virtualised list renders it only after scrolling to it. Focus is only moved while it is
 * still in the list (or dropped to the page when a focused row scrolled away), never taken from elsewhere.
 */
export function useRovingFocus(container: RefObject<HTMLElement | null>, active: number) {
  const wanted = useRef(false);
  const tryFocus = useCallback(() => {
    const row = container.current?.querySelector<HTMLElement>(`[data-row-index="${active}"]`);
    row?.focus();
    return row !== null && row !== undefined;
  }, [container, active]);
  useEffect(() => {
    if (!wanted.current) return;
    const focused = document.activeElement;
    const ours = focused === null || focused === document.body || container.current?.contains(focused);
    if (!ours || tryFocus()) wanted.current = false;
  });
  const focusSoon = useCallback(() => {
    wanted.current = true;
  }, []);
  return { tryFocus, focusSoon };
}
