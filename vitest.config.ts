import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests open real SQLite files and real ports; separate processes keep them apart.
    pool: 'forks',
    // Vitest's default is one worker per core but one, which on a 2-core machine runs the files one
    // at a time; most of their time is spent waiting on sockets, SQLite and child processes, so two
    // workers there take the suite from about 9.5 to 6.5 minutes.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A fresh process per test file cost about half a second of CPU each (starting it and importing
    // the engine again), a third of the suite's time on 2 cores. Instead a worker runs file after
    // file and imports a module once: the tests keep their state in their own servers, databases
    // and temp dirs, and the setup file puts back what a file changed in the process (env, umask).
    isolate: false,
    setupFiles: ['test/support/process-state.setup.ts'],
    // Builds the CLI the tests spawn (out/main/cli.js) when the sources are newer than it.
    globalSetup: ['test/support/cli-build.global.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The JSON report is what .ci/run turns into its closing "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
