import { useEffect, useState, type RefObject } from 'react';
import { useConnection } from '../store/connection';
import { useFocus } from '../store/focus';
import { useResources } from '../store/resources';
import { useFocusRequest } from './use-focus-request';
import { useListKeyboard } from './use-list-keyboard';
import { useRovingFocus } from './use-roving-focus';

/** Rows of about this height fill a screen (PageUp/PageDown move a window's height at most). */
const ROW_HEIGHT_GUESS = 24;

/**
 * The Resources view's list by keyboard, the way the traffic list works: ↑/↓/PageUp/PageDown/
 * Home/End move the row and open its history beside it, Enter goes into that history, Space opens
 * it staying in the list, Esc closes it (with none open, clears the search).
 */
export function useResourceListKeyboard(table: RefObject<HTMLTableElement | null>) {
  const client = useConnection((state) => state.client)!;
  const { list, openId, open, close, search } = useResources();
  const [active, setActive] = useState(0);
  // Another search or type: the open resource's row, or the top.
  useEffect(
    () =>
      setActive(
        Math.max(
          0,
          list.findIndex((resource) => String(resource.id) === useResources.getState().openId),
        ),
      ),
    [list],
  );
  const { tryFocus, focusSoon } = useRovingFocus(table, active);
  // An empty list drops the request: focus must not jump to it later, when rows arrive.
  useFocusRequest('resource-list', () => list.length === 0 || tryFocus());

  const openAt = (index: number) => {
    const id = list[index] === undefined ? undefined : String(list[index].id);
    if (id !== undefined && id !== openId) void open(client, id);
  };
  const onKeyDown = useListKeyboard({
    count: list.length,
    active,
    pageRows: () => Math.floor(window.innerHeight / ROW_HEIGHT_GUESS) - 2,
    move: (index) => {
      setActive(index);
      openAt(index);
      focusSoon();
    },
    open: () => {
      openAt(active);
      useFocus.getState().request('resource-detail');
    },
    select: () => openAt(active),
    escape: () => {
      if (openId !== undefined) close();
      else if (useResources.getState().query !== '') {
        useResources.setState({ query: '' });
        void search(client, {});
      }
    },
  });

  return {
    gridProps: { onKeyDown },
    rowProps: (index: number) => ({
      'data-row-index': index,
      tabIndex: index === Math.min(active, list.length - 1) ? 0 : -1,
      onFocus: () => index !== active && setActive(index),
      onClick: () => {
        setActive(index);
        openAt(index);
      },
    }),
  };
}
