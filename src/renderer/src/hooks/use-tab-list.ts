import type { KeyboardEvent } from 'react';
import { nextTabIndex } from '../list-keys';
import { focusById } from './use-focus-request';

/**
 * A WAI-ARIA tab list (Tabs pattern, automatic activation): the selected tab is the one tab stop,
 * ←/→ (wrapping) and Home/End move to another tab and show it, each tab names the panel it controls
 * and the panel is labelled by its tab. `name` keeps the ids unique on the page.
 */
export function useTabList<Key extends string>(name: string, keys: readonly Key[], selected: Key, select: (key: Key) => void) {
  const tabId = (key: Key) => `${name}-tab-${key}`;
  const panelId = `${name}-panel`;
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const next = nextTabIndex(event.key, keys.indexOf(selected), keys.length);
    if (next === undefined) return;
    event.preventDefault();
    select(keys[next]!);
    focusById(tabId(keys[next]!));
  };
  return {
    /** Focuses the selected tab (Enter on a list row goes into the detail here). */
    focusSelected: () => focusById(tabId(selected)),
    tabListProps: { role: 'tablist', onKeyDown },
    tabProps: (key: Key) => ({
      role: 'tab',
      id: tabId(key),
      'aria-selected': key === selected,
      'aria-controls': panelId,
      tabIndex: key === selected ? 0 : -1,
      onClick: () => select(key),
    }),
    panelProps: { role: 'tabpanel', id: panelId, 'aria-labelledby': tabId(selected), tabIndex: 0 },
  };
}
