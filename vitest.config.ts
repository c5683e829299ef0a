import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/** Where files without a recorded duration are slowest, slowest first (a fresh clone has no record). */
const SLOW_FIRST = ['test/e2e/', 'test/integration/cli/', 'test/integration/engine/conformance/', 'test/integration/', 'test/conformance/'];

/**
 * Starts the longest files first, so that on two workers the run does not end with one long file
 * running alone. Vitest's own order puts a file that failed last time first whatever its length,
 * which let the longest file start last. Durations are those vitest records after each run; a file
 * without one (new, or a fresh clone) goes first, ordered by where the slow files are, then by size.
 */
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const pathOf = (spec: TestSpecification) => relative(root, spec.moduleId);
    const recorded = (spec: TestSpecification) => this.ctx.cache.getFileTestResults(`${spec.project.name}:${pathOf(spec)}`)?.duration;
    const rank = (spec: TestSpecification) => {
      const index = SLOW_FIRST.findIndex((prefix) => pathOf(spec).startsWith(prefix));
      return index === -1 ? SLOW_FIRST.length : index;
    };
    const size = (spec: TestSpecification) => statSync(spec.moduleId).size;
    return [...files].sort((a, b) => {
      const [durationA, durationB] = [recorded(a), recorded(b)];
      if (durationA === undefined || durationB === undefined) {
        if (durationA !== undefined) return 1;
        if (durationB !== undefined) return -1;
        return rank(a) - rank(b) || size(b) - size(a);
      }
      return durationB - durationA;
    });
  }
}

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
    sequence: { sequencer: LongestFirstSequencer },
    // Builds the CLI the tests spawn (out/main/cli.js) when the sources are newer than it.
    globalSetup: ['test/support/cli-build.global.ts'],
    testTimeout: 30_000,
    // expect.poll waits for a condition (never a fixed sleep); its default second is too short for a
    // freshly opened Chromium page or a spawned CLI while both cores are busy with other files.
    expect: { poll: { timeout: 5_000 } },
    hookTimeout: 30_000,
    // Vitest's transform of each TypeScript module, kept on disk between runs (node_modules/.experimental-vitest-cache,
    // keyed by the module's contents): a rerun imports the engine, Playwright's client and the tests without
    // transforming them again, about a fifth of a file's start-up CPU. A fresh clone fills it on its first run.
    experimental: { fsModuleCache: true },
    // The JSON report is what .ci/run turns into its closing "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
