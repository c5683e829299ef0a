import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState } from '../../../src/main/window-state';
import { windowOptions } from '../../../src/main/window';
import { tempDir } from '../../support/cli';

const dir = tempDir();
afterAll(() => dir.remove());
const display = { x: 0, y: 0, width: 1920, height: 1080 };

describe('window state', () => {
  it.skipIf(process.platform === 'win32')('is saved readable by its owner only, also under a umask of 022', () => {
    const file = join(dir.path, 'private.json');
    const previousUmask = process.umask(0o022);
    try {
      saveWindowState(file, { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false });
    } finally {
      process.umask(previousUmask);
    }
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
  });

  it('round-trips the bounds and maximized flag, and the window opens there', () => {
    const file = join(dir.path, 'state.json');
    saveWindowState(file, { bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
    const state = loadWindowState(file, [display]);
    expect(state).toEqual({ bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
    expect(windowOptions('/p.cjs', state)).toMatchObject({ x: 100, y: 80, width: 1000, height: 700 });
    expect(windowOptions('/p.cjs')).toMatchObject({ width: 1200, height: 800 });
  });

  it('forgets a position on a display that is gone, and ignores a missing or damaged file', () => {
    const file = join(dir.path, 'offscreen.json');
    saveWindowState(file, { bounds: { x: 3000, y: 0, width: 800, height: 600 }, maximized: false });
    expect(loadWindowState(file, [display])).toBeUndefined();
    expect(loadWindowState(join(dir.path, 'missing.json'), [display])).toBeUndefined();
    writeFileSync(file, '{"bounds": {"x": "a"}}');
    expect(loadWindowState(file, [display])).toBeUndefined();
    writeFileSync(file, 'not json');
    expect(loadWindowState(file, [display])).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });

  it('does not throw when the state cannot be written', () => {
    expect(() => saveWindowState(join(dir.path, 'no', 'such', 'dir.json'), { bounds: display, maximized: false })).not.toThrow();
  });
});
