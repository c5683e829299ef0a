import { useEffect } from 'react';
import { useFocus } from '../store/focus';
import { useUi } from '../store/ui';

/** Where typing goes to the element itself: `/` and `?` are text there, not shortcuts. */
const typesText = (element: Element | null) =>
  element instanceof HTMLElement &&
  (element.isContentEditable || element.matches('input:not([type=checkbox]):not([type=radio]):not([type=button]), textarea, select'));

/**
 * The shortcuts that work anywhere on the page: `/` goes to the view's filter box (the element
 * marked `data-shortcut="filter"`), `?` opens the shortcuts overlay, Esc with nothing focused goes
 * to the view's list. Not while typing in a field, not inside a modal dialog, not with Ctrl/Alt/⌘
 * (the browser's and the system's own).
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
      else if (event.key === 'Escape' && (target === null || target === document.body)) {
        // Focus was lost (the focused button went away with what it opened): Esc finds the view's list again.
        const view = useUi.getState().view;
        if (view === 'traffic' || view === 'resources') useFocus.getState().request(view === 'traffic' ? 'traffic-list' : 'resource-list');
        else return;
      } else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [openHelp]);
}
