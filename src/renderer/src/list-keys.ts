/**
 * Where a key moves the keyboard's row in a list of `count` rows (pure, for useListKeyboard and its
 * unit test): ↑/↓ one row, PageUp/PageDown a screenful (`pageRows`), Home/End the ends; never past
 * either end. Undefined for a key that does not move (the caller lets it through).
 */
export function nextListIndex(key: string, current: number, count: number, pageRows: number): number | undefined {
  if (count <= 0) return undefined;
  const clamp = (index: number) => Math.min(count - 1, Math.max(0, index));
  const page = Math.max(1, pageRows);
  switch (key) {
    case 'ArrowDown':
      return clamp(current + 1);
    case 'ArrowUp':
      return clamp(current - 1);
    case 'PageDown':
      return clamp(current + page);
    case 'PageUp':
      return clamp(current - page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** The tab a key moves to in a tab list (WAI-ARIA Tabs pattern): ←/→ wrap around, Home/End the ends. */
export function nextTabIndex(key: string, current: number, count: number): number | undefined {
  if (count <= 0) return undefined;
  switch (key) {
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
