import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

/**
 * Electron has no `prompt`, and `alert`/`confirm` freeze the whole window: the inspector asks in its
 * own dialog (store/dialog.ts). This fails on any call to them in the renderer's source.
 */
const RENDERER = resolve(import.meta.dirname, '../../../src/renderer/src');
const NATIVE_DIALOG = /(^|[^\w.]|window\.)(prompt|alert|confirm)\s*\(/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.(ts|tsx)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

it('the renderer calls no prompt, alert or confirm', () => {
  const files = sources(RENDERER);
  expect(files.length).toBeGreaterThan(10);
  const calls = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, index) => ({ line: line.replace(/\/\/.*$/, ''), at: `${file.slice(RENDERER.length + 1)}:${index + 1}` }))
      .filter(({ line }) => NATIVE_DIALOG.test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`),
  );
  expect(calls).toEqual([]);
});
