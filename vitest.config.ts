import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests open real SQLite files and real ports; separate processes keep them apart.
    pool: 'forks',
    // Builds the CLI the tests spawn (out/main/cli.js) when the sources are newer than it.
    globalSetup: ['test/support/cli-build.global.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The JSON report is what .ci/run turns into its closing "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
