import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

/**
 * The engine's schemas are TypeBox. Loaded from node_modules, typebox is hundreds of small ES
 * modules (about 0.4 s of CPU at every CLI start on a 2-core VM); electron.vite.config.ts bundles
 * it into the build instead. The build (made current by the test run's globalSetup) imports it from
 * nowhere, yet holds its validator.
 */
it('the built engine carries typebox inside it rather than importing it from node_modules', () => {
  const out = resolve(import.meta.dirname, '../../../out/main');
  const files = readdirSync(out).filter((name) => name.endsWith('.js'));
  const texts = files.map((name) => readFileSync(join(out, name), 'utf8'));
  expect(files.filter((_, index) => /\bfrom\s*["']typebox(\/[^"']*)?["']|import\(\s*["']typebox/.test(texts[index]!))).toEqual([]);
  expect(texts.some((text) => text.includes('maxErrors'))).toBe(true);
});
