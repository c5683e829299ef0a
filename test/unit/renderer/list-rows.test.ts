import { describe, expect, it } from 'vitest';
import type { ExchangeListItem } from '../../../src/shared/admin-api';
import { PAGE_SIZE, rowAt, totalOf } from '../../../src/renderer/src/list-rows';

const item = (id: number) => ({ id }) as ExchangeListItem;

describe('the traffic list rows by index', () => {
  it('puts live rows first, then the loaded pages by offset, and nothing where a page is not loaded yet', () => {
    const state = { live: [item(1002), item(1001)], pages: { 0: Array.from({ length: PAGE_SIZE }, (_, n) => item(1000 - n)), 2: [item(600)] }, baseTotal: 401 };
    expect(totalOf(state)).toBe(403);
    expect(rowAt(state, 0)!.id).toBe(1002);
    expect(rowAt(state, 2)!.id).toBe(1000);
    expect(rowAt(state, 2 + PAGE_SIZE - 1)!.id).toBe(1000 - PAGE_SIZE + 1);
    expect(rowAt(state, 2 + PAGE_SIZE)).toBeUndefined();
    expect(rowAt(state, 2 + 2 * PAGE_SIZE)!.id).toBe(600);
  });
});
