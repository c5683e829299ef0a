import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const fromRoot = (path: string): string => resolve(import.meta.dirname, path);

/**
 * Work two bundled packages do as they load, for a feature we never use: fastify requires
 * node:http2 (its `http2` option), commander node:child_process (executable subcommands). Loading
 * them costs each CLI start milliseconds of CPU (http2 ~3–13 ms on top of http and https, which
 * serve loads anyway; child_process ~3–8 ms, with net and dgram, in every command, even
 * `--version`), so the bundle requires each on the first use of one of its members instead.
 * find-my-way compiles each static node of the route tree into a matcher (`new Function`, which V8
 * parses and compiles) as a route is added: ~10 ms of CPU at each `serve` start for the two
 * listeners' routes. The bundle compiles a node's matcher on its first match instead, after which
 * the node holds the compiled one as before; adding a route matches the nodes on its path, the
 * others wait for a request (~6 ms less per start). A package whose line changed fails the build,
 * so an update cannot quietly bring the cost back.
 */
const LAZY_REWRITES = [
  lazyRequire('/node_modules/fastify/lib/server.js', "const http2 = require('node:http2')"),
  lazyRequire('/node_modules/commander/lib/command.js', "const childProcess = require('node:child_process');"),
  lazyMatcher('this.matchPrefix = kind === NODE_TYPES.STATIC ? compilePrefixMatch(prefix) : null', 'prefix'),
  lazyMatcher('this.matchPrefix = compilePrefixMatch(childPrefix)', 'childPrefix'),
];

interface LazyRewrite {
  file: string;
  line: string;
  lazy: string;
}

/** `const name = require('builtin')` as a stand-in that requires the builtin when a member is first read. */
function lazyRequire(file: string, line: string): LazyRewrite {
  const [, name, builtin] = /^const (\w+) = require\('([\w:]+)'\);?$/.exec(line)!;
  return { file, line, lazy: `const ${name} = new Proxy({}, { get: (_, key) => require('${builtin}')[key] });` };
}

/** A find-my-way node's matcher assignment as one of a stand-in that compiles the matcher on its first call and puts it in its place. */
function lazyMatcher(line: string, prefix: string): LazyRewrite {
  const compile = `compilePrefixMatch(${prefix})`;
  return { file: '/node_modules/find-my-way/lib/node.js', line, lazy: line.replace(compile, `(path, i) => (this.matchPrefix = ${compile})(path, i)`) };
}

function lazyRewrites(): Plugin {
  const rewritten = new Set<LazyRewrite>();
  return {
    name: 'lazy-rewrites',
    buildStart: () => rewritten.clear(),
    transform(code, id) {
      const file = id.replaceAll('\\', '/');
      const rewrites = LAZY_REWRITES.filter((rewrite) => file.endsWith(rewrite.file));
      if (rewrites.length === 0) return undefined;
      for (const rewrite of rewrites) {
        if (code.split(rewrite.line).length !== 2) throw new Error(`lazy-rewrites: ${id} no longer has the line ${rewrite.line} once`);
        code = code.replace(rewrite.line, rewrite.lazy);
        rewritten.add(rewrite);
      }
      return code;
    },
    buildEnd(error) {
      const missed = LAZY_REWRITES.filter((rewrite) => !rewritten.has(rewrite));
      if (!error && missed.length > 0) throw new Error(`lazy-rewrites: not bundled any more: ${[...new Set(missed.map(({ file }) => file))].join(', ')}`);
    },
  };
}

export default defineConfig({
  main: {
    plugins: [lazyRewrites()],
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
      // fastify's serializer compiler (fast-json-stringify, ~170 KB with its helpers; only a route
      // with a response schema needs it, and none has one) and light-my-request (`inject`, which only
      // a breakpoint that sends a request to another route uses) load on their first use, from
      // node_modules: bundled, every `serve` start would read and parse them for nothing.
      externalizeDeps: {
        include: ['better-sqlite3', '@fastify/fast-json-stringify-compiler', 'light-my-request'],
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
