import type { KeyboardEvent } from 'react';
import { useFocus, type FocusTarget } from '../store/focus';

export interface FilterBoxKeys {
  /** What the box holds now. */
  text: string;
  /** Runs the search with the box's text, if it is not what the list shows already. */
  apply(): Promise<void>;
  /** Empties the box and shows the whole list again. */
  clear(): void;
  /** The list below the box. */
  list: FocusTarget;
}

/**
 * The keys of a view's filter box beyond typing (Enter submits its form): ↓ applies what was typed
 * and goes to the list, Esc clears the box. Esc in an empty box is left to the page.
 */
export function filterBoxKeys({ text, apply, clear, list }: FilterBoxKeys) {
  return (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      // Focus moves once the list holds the filter's rows, so it lands on one of them.
      void apply().then(() => useFocus.getState().request(list));
    } else if (event.key === 'Escape' && text !== '') {
      event.preventDefault();
      clear();
    }
  };
}
