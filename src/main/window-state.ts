import { readFileSync } from 'node:fs';
import { writePrivateFileSync } from '../engine/files/private-files';
import type { Rectangle } from 'electron';

/** Where and how big the window was, kept in userData/window-state.json between runs. */
export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

export const DEFAULT_BOUNDS = { width: 1200, height: 800 };

/**
 * Reads the saved state, keeping it only if it is well-formed and its window would still be on a
 * display (a monitor unplugged since would otherwise open it off-screen). Anything else: undefined.
 */
export function loadWindowState(file: string, displays: readonly Rectangle[]): WindowState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { bounds, maximized } = value as Partial<WindowState>;
  const numbers = bounds && [bounds.x, bounds.y, bounds.width, bounds.height];
  if (!bounds || !numbers!.every((n) => Number.isInteger(n)) || bounds.width < 200 || bounds.height < 150) return undefined;
  const visible = displays.some((display) => overlap(display, bounds) >= 100 * 100);
  return visible ? { bounds, maximized: maximized === true } : undefined;
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    writePrivateFileSync(file, JSON.stringify(state));
  } catch {
    // A read-only profile loses the window position, nothing more.
  }
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}
