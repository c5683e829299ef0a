import { useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { useElementWidth } from '../hooks/use-element-width';
import { useLayout } from '../store/layout';

interface SplitPaneProps {
  /** Names the split in the layout store, where its size is kept across reloads. */
  id: string;
  /** The splitter's accessible name, e.g. "Resize the traffic list". */
  label: string;
  as?: 'main' | 'div';
  className?: string;
  /** The first pane's share of the width before the user moves the splitter. */
  defaultPercent?: number;
  /** Neither pane is made narrower than this (px), so a small window keeps both readable. */
  minFirst?: number;
  minSecond?: number;
  children: [ReactNode, ReactNode];
}

const STEP = 2;
/** The splitter's own width (styles.css, .split-handle), which the second pane's minimum must leave room for. */
const HANDLE_WIDTH = 7;
const BIG_STEP = 10;

/**
 * Two panes side by side with a splitter between them, as in the WAI-ARIA window splitter pattern:
 * drag it, or focus it and use ←/→ (Shift: bigger steps), Home/End. Its position is the first
 * pane's percentage of the width (aria-valuenow), kept in the layout store.
 */
export function SplitPane({ id, label, as: Element = 'div', className, defaultPercent = 60, minFirst = 280, minSecond = 320, children }: SplitPaneProps) {
  const container = useRef<HTMLElement>(null);
  const width = useElementWidth(container);
  const stored = useLayout((state) => state.panes[id]);
  const setPane = useLayout((state) => state.setPane);
  const [dragged, setDragged] = useState<number>();

  const min = width > 0 ? (minFirst / width) * 100 : 0;
  const max = width > 0 ? 100 - ((minSecond + HANDLE_WIDTH) / width) * 100 : 100;
  // Too narrow for both minimums: halve it rather than hide one pane.
  const clamp = (value: number) => (min > max ? 50 : Math.min(max, Math.max(min, value)));
  const percent = clamp(dragged ?? stored ?? defaultPercent);

  const percentAt = (event: PointerEvent<HTMLDivElement>) => {
    const box = container.current!.getBoundingClientRect();
    return clamp(((event.clientX - box.left) / box.width) * 100);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const next = { ArrowLeft: percent - step, ArrowRight: percent + step, Home: min, End: max }[event.key];
    if (next === undefined) return;
    // The key moves the splitter only, not a list or tabs around it.
    event.preventDefault();
    event.stopPropagation();
    setPane(id, clamp(next));
  };
  const endDrag = () => {
    if (dragged !== undefined) setPane(id, dragged);
    setDragged(undefined);
  };

  return (
    <Element ref={container as never} className={`split-pane${className ? ` ${className}` : ''}`} style={{ '--split-first': `${percent}%` } as CSSProperties}>
      <div className="split-first" id={`${id}-first-pane`}>
        {children[0]}
      </div>
      <div
        role="separator"
        tabIndex={0}
        aria-label={label}
        aria-orientation="vertical"
        aria-controls={`${id}-first-pane`}
        aria-valuenow={Math.round(percent)}
        aria-valuemin={Math.round(Math.min(min, max))}
        aria-valuemax={Math.round(Math.max(min, max))}
        className={`split-handle${dragged === undefined ? '' : ' dragging'}`}
        onKeyDown={onKeyDown}
        onPointerDown={(event) => {
          event.preventDefault();
          event.currentTarget.setPointerCapture(event.pointerId);
          setDragged(percentAt(event));
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) setDragged(percentAt(event));
        }}
        onPointerUp={endDrag}
        onLostPointerCapture={endDrag}
      />
      <div className="split-second">{children[1]}</div>
    </Element>
  );
}
