import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintScratch } from '../../support/lint-scratch';

/**
 * Electron has no `prompt`, and `alert`/`confirm` freeze the whole window: the inspector asks in its
 * own dialog (store/dialog.ts). The first test fails on any call to them in the renderer's source; the
 * others check that `npm run lint` (oxlint with .oxlintrc.json) refuses them too, where an editor shows it.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const RENDERER = resolve(ROOT, 'src/renderer/src');
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

describe('the linter', () => {
  const scratch = lintScratch('native-dialogs-lint');
  afterAll(() => scratch.remove());
  const lint = scratch.lint;

  it('refuses prompt, alert and confirm in the renderer, called bare or on window', async () => {
    const source = [
      "prompt('Name?');",
      "alert('Saved');",
      "confirm('Delete?');",
      "window.prompt('Name?');",
      "window.alert('Saved');",
      "window.confirm('Delete?');",
      '',
    ];
    const { code, diagnostics } = await lint('src/renderer/src/asks.ts', source.join('\n'));
    expect(code).toBe(1);
    // The message names the dialog; oxlint shows the configured advice in the message or under it.
    const reports = diagnostics.map(({ code, message, help }) => ({ code, text: `${message} ${help ?? ''}` }));
    expect(reports.map(({ code, text }) => `${code} ${text.match(/window\.\w+/)?.[0]}`).sort()).toEqual([
      'eslint(no-restricted-globals) window.alert',
      'eslint(no-restricted-globals) window.confirm',
      'eslint(no-restricted-globals) window.prompt',
      'eslint(no-restricted-properties) window.alert',
      'eslint(no-restricted-properties) window.confirm',
      'eslint(no-restricted-properties) window.prompt',
    ]);
    expect(reports.filter(({ text }) => !text.includes('use askText/askConfirm from store/dialog.ts'))).toEqual([]);
  });

  it('passes the renderer asking through its own dialog', async () => {
    const source = "import { askConfirm } from './store/dialog';\nexport const remove = () => askConfirm({ title: 'Delete?' });\n";
    expect(await lint('src/renderer/src/asks-own.ts', source)).toEqual({ code: 0, diagnostics: [] });
  });
});
