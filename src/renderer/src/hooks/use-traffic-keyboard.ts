import type { Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type RefObject } from 'react';
import { indexOfExchange, rowAt, totalOf } from '../list-rows';
import { useConnection } from '../store/connection';
import { useExchanges } from '../store/exchanges';
import { useFilters } from '../store/filters';
import { useFocus } from '../store/focus';
import { useSelection } from '../store/selection';
import { useActiveRow } from './use-active-row';
import { useFocusRequest } from './use-focus-request';
import { useListKeyboard } from './use-list-keyboard';
import { useRovingFocus } from './use-roving-focus';

/**
 * The traffic grid by keyboard, as in Chrome DevTools' Network panel: ↑/↓/PageUp/PageDown/Home/End
 * move the row and the detail follows it, Enter goes into the detail's tabs, Space selects, Esc
 * closes the detail (or, with none open, clears the filter). `first`…`last` are the rows rendered:
 * when the keyboard's row scrolled away, the first of them is the grid's tab stop.
 */
export function useTrafficKeyboard(
  scroller: RefObject<HTMLDivElement | null>,
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  rowHeight: number,
  first: number,
  last: number,
) {
  const client = useConnection((state) => state.client)!;
  const rows = useExchanges();
  const { id: selectedId, select, clear } = useSelection();
  const [active, setActive] = useActiveRow(rows, selectedId);
  const { tryFocus, focusSoon } = useRovingFocus(scroller, active);
  const activeExchange = rowAt(rows, active);

  // The detail follows a keyboard move once the row's page is loaded (End may land on a row not read yet).
  const follow = useRef(false);
  useEffect(() => {
    if (!follow.current || !activeExchange) return;
    follow.current = false;
    if (activeExchange.id !== useSelection.getState().id) void select(client, activeExchange.id);
  }, [activeExchange, client, select]);

  // An exchange opened from elsewhere (the replay's "Open the new exchange", Resources) becomes the keyboard's
  // row once its row is loaded; a keyboard move's own selection lands on the row already there.
  const lastSelected = useRef(selectedId);
  useEffect(() => {
    if (selectedId === lastSelected.current || selectedId === undefined) return;
    const index = indexOfExchange(rows, selectedId);
    if (index === undefined) return;
    lastSelected.current = selectedId;
    if (index !== active) setActive(index);
  }, [selectedId, rows, active, setActive]);

  const total = totalOf(rows);
  // An empty list drops the request: focus must not jump to it later, when rows arrive.
  useFocusRequest('traffic-list', () => {
    if (total === 0) return true;
    virtualizer.scrollToIndex(active);
    return tryFocus();
  });

  const onKeyDown = useListKeyboard({
    count: total,
    active,
    pageRows: () => Math.max(1, Math.floor((scroller.current?.clientHeight ?? 0) / rowHeight) - 1),
    move: (index) => {
      setActive(index);
      follow.current = true;
      virtualizer.scrollToIndex(index);
      focusSoon();
    },
    open: () => {
      if (!activeExchange) return;
      if (activeExchange.id !== selectedId) void select(client, activeExchange.id);
      useFocus.getState().request('exchange-detail');
    },
    select: () => {
      if (activeExchange && activeExchange.id !== selectedId) void select(client, activeExchange.id);
    },
    escape: () => {
      if (selectedId !== undefined) clear();
      else if (useFilters.getState().text !== '' || rows.query.q) {
        useFilters.getState().setText('');
        void rows.reload();
      }
    },
  });

  const tabStop = active >= first && active <= last ? active : first;
  return {
    gridProps: { onKeyDown },
    /** A row's part in the keyboard's handling: its index, whether it is the tab stop, focus and click. */
    rowProps: (index: number, exchangeId?: number) => ({
      'data-row-index': index,
      tabIndex: index === tabStop ? 0 : -1,
      onFocus: () => index !== active && setActive(index),
      onClick: () => {
        // A click decides: a keyboard move still waiting for its row's page no longer opens it.
        follow.current = false;
        setActive(index);
        if (exchangeId !== undefined) void select(client, exchangeId);
      },
    }),
  };
}
