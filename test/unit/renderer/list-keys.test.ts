import { describe, expect, it } from 'vitest';
import { nextListIndex, nextTabIndex } from '../../../src/renderer/src/list-keys';

describe('where a key moves the keyboard row in a list', () => {
  it('moves one row with ↑/↓, a screenful with PageUp/PageDown, to the ends with Home/End', () => {
    expect(nextListIndex('ArrowDown', 4, 100, 20)).toBe(5);
    expect(nextListIndex('ArrowUp', 4, 100, 20)).toBe(3);
    expect(nextListIndex('PageDown', 4, 100, 20)).toBe(24);
    expect(nextListIndex('PageUp', 30, 100, 20)).toBe(10);
    expect(nextListIndex('Home', 30, 100, 20)).toBe(0);
    expect(nextListIndex('End', 30, 100, 20)).toBe(99);
  });

  it('stops at either end rather than wrapping or leaving the list', () => {
    expect(nextListIndex('ArrowUp', 0, 100, 20)).toBe(0);
    expect(nextListIndex('ArrowDown', 99, 100, 20)).toBe(99);
    expect(nextListIndex('PageDown', 95, 100, 20)).toBe(99);
    expect(nextListIndex('PageUp', 5, 100, 20)).toBe(0);
  });

  it('moves at least a row on PageUp/PageDown however small the screen', () => {
    expect(nextListIndex('PageDown', 4, 100, 0)).toBe(5);
    expect(nextListIndex('PageUp', 4, 100, -3)).toBe(3);
  });

  it('does not move in an empty list, nor for other keys', () => {
    expect(nextListIndex('ArrowDown', 0, 0, 20)).toBeUndefined();
    expect(nextListIndex('End', 0, 0, 20)).toBeUndefined();
    expect(nextListIndex('Enter', 3, 100, 20)).toBeUndefined();
    expect(nextListIndex('a', 3, 100, 20)).toBeUndefined();
  });
});

describe('where a key moves in a tab list', () => {
  it('goes to the next and previous tab with →/←, wrapping around, and to the ends with Home/End', () => {
    expect(nextTabIndex('ArrowRight', 2, 7)).toBe(3);
    expect(nextTabIndex('ArrowRight', 6, 7)).toBe(0);
    expect(nextTabIndex('ArrowLeft', 0, 7)).toBe(6);
    expect(nextTabIndex('ArrowLeft', 3, 7)).toBe(2);
    expect(nextTabIndex('Home', 3, 7)).toBe(0);
    expect(nextTabIndex('End', 3, 7)).toBe(6);
  });

  it('leaves ↑/↓ and other keys alone, and does nothing without tabs', () => {
    expect(nextTabIndex('ArrowDown', 2, 7)).toBeUndefined();
    expect(nextTabIndex('Enter', 2, 7)).toBeUndefined();
    expect(nextTabIndex('ArrowRight', 0, 0)).toBeUndefined();
  });
});
