import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { MIN_COLUMN_WIDTH, type ColumnDef, type ColumnLayoutApi } from '../hooks/use-column-layout';

const STEP = 8;
const BIG_STEP = 40;
const MAX_WIDTH = 1200;

/** The grip on a header cell's right edge: drag it, or focus it and use ←/→ (Shift: bigger steps). */
export function ColumnResizer({ column, columns }: { column: ColumnDef; columns: ColumnLayoutApi }) {
  const start = useRef<{ x: number; width: number }>(undefined);
  const grip = useRef<HTMLDivElement>(null);
  // A focusable separator must say its value (aria-valuenow): a column without a width of its own
  // (the one that fills the row) says the width it is shown at.
  const [shownWidth, setShownWidth] = useState(0);
  useEffect(() => {
    const cell = grip.current?.parentElement;
    if (!cell) return;
    const observer = new ResizeObserver(() => setShownWidth(cell.getBoundingClientRect().width));
    observer.observe(cell);
    return () => observer.disconnect();
  }, []);
  // A column that shares the remaining width has no width of its own until sized: start from what it shows.
  const currentWidth = (grip: HTMLElement) => columns.widthOf(column.id) ?? grip.parentElement!.getBoundingClientRect().width;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const change = { ArrowLeft: -step, ArrowRight: step }[event.key];
    if (change === undefined) return;
    // The key sizes the column only, not the list's selection.
    event.preventDefault();
    event.stopPropagation();
    columns.setWidth(column.id, Math.min(MAX_WIDTH, currentWidth(event.currentTarget) + change));
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!start.current || !event.currentTarget.hasPointerCapture(event.pointerId)) return;
    columns.setWidth(column.id, Math.min(MAX_WIDTH, start.current.width + event.clientX - start.current.x));
  };
  const width = columns.widthOf(column.id);
  return (
    <div
      ref={grip}
      role="separator"
      tabIndex={0}
      aria-label={`Resize the ${column.title ?? column.label} column`}
      aria-orientation="vertical"
      aria-valuenow={Math.round(width ?? shownWidth)}
      aria-valuemin={MIN_COLUMN_WIDTH}
      aria-valuemax={MAX_WIDTH}
      className="column-resizer"
      onKeyDown={onKeyDown}
      onClick={(event) => event.stopPropagation()}
      onPointerDown={(event) => {
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        start.current = { x: event.clientX, width: currentWidth(event.currentTarget) };
      }}
      onPointerMove={onPointerMove}
      onPointerUp={() => (start.current = undefined)}
    />
  );
}
