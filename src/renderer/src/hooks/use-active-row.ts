import { useCallback, useEffect, useRef, useState } from 'react';
import { indexOfExchange, rowAt, type ListRows } from '../list-rows';

/**
 * The traffic list's keyboard row, by index, kept on the same exchange while new ones arrive live
 * above it; on a list read again without that exchange it goes back to the top. Opens on the
 * selected exchange when it is loaded (coming back to the Traffic view).
 */
export function useActiveRow(rows: Pick<ListRows, 'live' | 'pages'>, selectedId: number | undefined): [number, (index: number) => void] {
  const [active, setActiveIndex] = useState(() => (selectedId === undefined ? undefined : indexOfExchange(rows, selectedId)) ?? 0);
  // The exchange on that row, once its page is loaded.
  const exchangeId = useRef<number | undefined>(rowAt(rows, active)?.id);
  const setActive = useCallback(
    (index: number) => {
      exchangeId.current = rowAt(rows, index)?.id;
      setActiveIndex(index);
    },
    [rows],
  );
  useEffect(() => {
    const here = rowAt(rows, active)?.id;
    if (exchangeId.current === undefined) exchangeId.current = here;
    else if (here !== exchangeId.current) setActive(indexOfExchange(rows, exchangeId.current) ?? 0);
  }, [rows, active, setActive]);
  return [active, setActive];
}
