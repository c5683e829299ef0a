import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const fromRoot = (path: string): string => resolve(import.meta.dirname, path);

export default defineConfig({
  main: {
    build: {
      // Dependencies stay in node_modules rather than being bundled (electron-vite's
      // default, stated here because better-sqlite3 is a native addon that cannot be
      // bundled and must be rebuilt for Electron by electron-builder).
      // typebox is bundled: loaded from node_modules it is hundreds of small modules, ~0.4 s of CPU
      // at every CLI start on this machine; bundled and tree-shaken, a few ms.
      externalizeDeps: { include: ['better-sqlite3'], exclude: ['typebox'] },
      // The engine runs in its own utility process (src/main/engine-process.ts). The CLI is built
      // here too (out/main/cli.js, run by bin/scim-workbench.mjs): plain Node, the same engine code.
      rolldownOptions: {
        input: { index: fromRoot('src/main/index.ts'), 'engine-process': fromRoot('src/main/engine-process.ts'), cli: fromRoot('src/cli/index.ts') },
        // The engine code the CLI and the utility process share goes into chunks beside them (not
        // into chunks/): files the engine finds relative to its own module (the inspector's
        // out/renderer, package.json for the version) are then where they are from either entry.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot be ES modules, while "type": "module" would make
      // electron-vite emit ESM, so force CommonJS with an explicit .cjs name.
      // A sandboxed preload can require nothing but 'electron', so bundle every import.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('src/renderer'),
    build: {
      rolldownOptions: { input: { index: fromRoot('src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
