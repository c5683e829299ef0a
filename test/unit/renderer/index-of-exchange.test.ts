import { describe, expect, it } from 'vitest';
import type { ExchangeListItem } from '../../../src/shared/admin-api';
import { indexOfExchange, PAGE_SIZE, rowAt } from '../../../src/renderer/src/list-rows';

const item = (id: number) => ({ id }) as ExchangeListItem;

describe('the list index of an exchange (the keyboard row staying on its exchange)', () => {
  const state = {
    live: [item(1002), item(1001)],
    pages: { 0: Array.from({ length: PAGE_SIZE }, (_, n) => item(1000 - n)), 2: [item(600), item(599)] },
  };

  it('finds it among the live rows and in any loaded page, at the index rowAt reads it from', () => {
    for (const id of [1002, 1001, 1000, 1000 - PAGE_SIZE + 1, 600, 599]) {
      const index = indexOfExchange(state, id);
      expect(index).toBeDefined();
      expect(rowAt(state, index!)!.id).toBe(id);
    }
    expect(indexOfExchange(state, 599)).toBe(2 + 2 * PAGE_SIZE + 1);
  });

  it('moves down by the rows that arrived above it', () => {
    const before = indexOfExchange(state, 1000)!;
    expect(indexOfExchange({ ...state, live: [item(1004), item(1003), ...state.live] }, 1000)).toBe(before + 2);
  });

  it('is undefined for an exchange not loaded (a page not read yet, or not in the list)', () => {
    expect(indexOfExchange(state, 700)).toBeUndefined();
    expect(indexOfExchange(state, 5000)).toBeUndefined();
    expect(indexOfExchange({ live: [], pages: {} }, 1)).toBeUndefined();
  });
});
