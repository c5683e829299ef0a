import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

/**
 * The renderer built with Vite into a temp dir, for an admin listener to serve as its inspector
 * (startInspector's, and tests that start a whole engine).
 */
export async function buildInspector(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-workbench-inspector-'));
  await build({
    root: resolve(import.meta.dirname, '../../src/renderer'),
    plugins: [react()],
    logLevel: 'silent',
    configFile: false,
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
