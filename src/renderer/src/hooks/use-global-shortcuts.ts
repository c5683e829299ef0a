import { useEffect } from 'react';

/** Where typing goes to the element itself: `/` and `?` are text there, not shortcuts. */
const typesText = (element: Element | null) =>
  element instanceof HTMLElement &&
  (element.isContentEditable || element.matches('input:not([type=checkbox]):not([type=radio]):not([type=button]), textarea, select'));

/**
 * The shortcuts that work anywhere on the page: `/` goes to the view's filter box (the element
 * marked `data-shortcut="filter"`), `?` opens the shortcuts overlay. Not while typing in a field,
 * not inside a modal dialog, not with Ctrl/Alt/⌘ (the browser's and the system's own).
 */
export function useGlobalShortcuts(openHelp: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (typesText(target) || target?.closest('dialog')) return;
      if (event.key === '/') {
        const filter = document.querySelector<HTMLElement>('[data-shortcut="filter"]');
        if (!filter) return;
        filter.focus();
        if (filter instanceof HTMLInputElement) filter.select();
      } else if (event.key === '?') openHelp();
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [openHelp]);
}
