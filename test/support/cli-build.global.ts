import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { cliBuildState } from '../../scripts/cli-build-state.mjs';

/**
 * Vitest's globalSetup: tests spawn bin/scim-workbench.mjs, which runs the built CLI (out/main/cli.js).
 * Building it here, once per run and only when the sources are newer, means no test spawns older
 * code than the checkout's, and none pays tsx's start-up, also for `npx vitest run <file>`.
 */
export default function buildCliOnce(): void {
  if (cliBuildState().state === 'fresh') return;
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/build-cli.mjs'), '--quiet'], { stdio: 'inherit' });
  const after = cliBuildState();
  if (after.state !== 'fresh')
    throw new Error(`The CLI build did not make out/main/cli.js current (${after.state}${after.state === 'stale' ? `: ${after.newer}` : ''}).`);
}
