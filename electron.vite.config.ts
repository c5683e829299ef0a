import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const fromRoot = (path: string): string => resolve(import.meta.dirname, path);

export default defineConfig({
  main: {
    build: {
      // better-sqlite3 stays in node_modules: a native addon cannot be bundled, and electron-builder
      // rebuilds it for Electron (electron-builder.yml unpacks it from the asar). So do the
      // dependencies only some commands load (newman, ssh2, @ngrok/ngrok, faker, cli-progress).
      // The pure-JS ones every start loads are bundled, as `serve`, the desktop app's engine and each
      // CLI command pay for loading them: from node_modules typebox is hundreds of small modules
      // (~0.4 s of CPU per start on this machine), and fastify with its family (ajv, semver, avvio,
      // find-my-way, fast-json-stringify, ...), pino, commander and jsondiffpatch some 330 more files,
      // each resolved, read and compiled on its own (~0.15 s). None of them finds a file of its own at
      // run time on the paths we use: pino's transports would (a worker file beside pino), so the
      // engine log writes through a destination of its own (logging/engine-log.ts), never a transport.
      externalizeDeps: {
        include: ['better-sqlite3'],
        exclude: [
          'typebox',
          'fastify',
          '@fastify/ajv-compiler',
          '@fastify/type-provider-typebox',
          'fastify-plugin',
          'pino',
          'commander',
          'scim2-parse-filter',
          'jsondiffpatch',
        ],
      },
      // The engine runs in its own utility process (src/main/engine-process.ts). The CLI is built
      // here too (out/main/cli.js, run by bin/scim-workbench.mjs): plain Node, the same engine code.
      rolldownOptions: {
        input: { index: fromRoot('src/main/index.ts'), 'engine-process': fromRoot('src/main/engine-process.ts'), cli: fromRoot('src/cli/index.ts') },
        // The engine code the CLI and the utility process share goes into chunks beside them (not
        // into chunks/): files the engine finds relative to its own module (the inspector's
        // out/renderer, package.json for the version) are then where they are from either entry.
        // Written in ASCII (other characters escaped) and without JSDoc: Node decodes a file that
        // holds a non-ASCII byte, and V8 then scans it, several times slower, and each start reads
        // and compiles some 2.5 MB of it. Licence comments stay.
        output: { chunkFileNames: '[name]-[hash].js', charset: 'ascii', comments: { legal: true, annotation: false, jsdoc: false } },
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
