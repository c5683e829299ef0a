import { useEffect, type KeyboardEvent } from 'react';
import { useFocus, type FocusTarget } from '../store/focus';

/**
 * Takes keyboard focus when it is asked for `target` (store/focus.ts): after each render while the
 * request waits, `focus` is tried; it returns false while its element is not there yet.
 */
export function useFocusRequest(target: FocusTarget, focus: () => boolean): void {
  const pending = useFocus((state) => state.pending === target);
  useEffect(() => {
    if (pending && focus()) useFocus.getState().done(target);
  });
}

/** Focuses the element with this id, if it is on the page. */
export function focusById(id: string): boolean {
  const element = document.getElementById(id);
  element?.focus();
  return element !== null;
}

/** Esc inside a part sends focus back to another (from a detail back to its list); a key already handled inside is left alone. */
export function escapeTo(target: FocusTarget) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    useFocus.getState().request(target);
  };
}
