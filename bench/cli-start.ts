import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { cliBuildState } from '../scripts/cli-build-state.mjs';
import { WORKBENCH_VERSION } from '../src/engine/version';

const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

/** The issue's goal for `scim-workbench --version`. */
export const CLI_START_GOAL_MS = 300;

export interface CliStartRow {
  label: string;
  command: string;
  medianMs: number;
  /** medianMs over bare Node's, measured in the same rounds. */
  ratioToBare: number;
  /** medianMs less bare Node's: the time this command adds to starting Node at all. */
  aboveBareMs: number;
}

export interface CliStartBenchResult {
  runs: number;
  bare: CliStartRow;
  built: CliStartRow;
  fromSources: CliStartRow;
  /** Why the built CLI's answer was not just its version (it ran from the sources, it failed), if it was not. */
  problem?: string;
}

const COMMANDS = {
  bare: ['-e', ''],
  built: [resolve(ROOT, 'bin/scim-workbench.mjs'), '--version'],
  // What the bin ran before the CLI was built: the sources compiled by tsx at every start.
  fromSources: ['--import', import.meta.resolve('tsx'), resolve(ROOT, 'src/cli/index.ts'), '--version'],
};

/**
 * Wall time from spawning to exit of `scim-workbench --version` as users run it (bin/scim-workbench.mjs,
 * on the build), beside bare Node's own start (`node -e ''`) and the sources through tsx: a round runs
 * each once, in turn, so a busy machine slows all three alike and the ratios stay comparable.
 */
export async function measureCliStart(runs: number, log: (line: string) => void): Promise<CliStartBenchResult> {
  const state = cliBuildState();
  if (state.state !== 'fresh') {
    log(`building the CLI (${state.state === 'stale' ? `${state.newer} is newer than the build` : 'not built yet'}) …`);
    await run(process.execPath, [resolve(ROOT, 'scripts/build-cli.mjs'), '--quiet'], { cwd: ROOT });
  }
  const check = await run(process.execPath, COMMANDS.built, { cwd: ROOT });
  const problem =
    check.stdout.trim() !== WORKBENCH_VERSION || check.stderr !== ''
      ? `The built CLI answered --version with ${JSON.stringify(check.stdout.trim())} and stderr ${JSON.stringify(check.stderr.trim())}, not just ${WORKBENCH_VERSION}.`
      : undefined;
  const times: Record<keyof typeof COMMANDS, number[]> = { bare: [], built: [], fromSources: [] };
  for (let round = 1; round <= runs; round++) {
    for (const name of Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]) {
      const started = performance.now();
      await run(process.execPath, COMMANDS[name], { cwd: ROOT });
      times[name].push(performance.now() - started);
    }
    if (round % 5 === 0 || round === runs) log(`CLI start: ${round}/${runs} rounds`);
  }
  const bareMs = median(times.bare);
  const row = (label: string, name: keyof typeof COMMANDS): CliStartRow => ({
    label,
    command: `node ${COMMANDS[name].map((arg) => (arg === '' ? "''" : arg.replace(`${ROOT}/`, '').replace(/^file:.*\/node_modules\/([^/]+)\/.*/, '$1'))).join(' ')}`,
    medianMs: median(times[name]),
    ratioToBare: median(times[name]) / bareMs,
    aboveBareMs: median(times[name]) - bareMs,
  });
  return {
    runs,
    bare: row('bare Node', 'bare'),
    built: row('scim-workbench --version (built)', 'built'),
    fromSources: row('--version from the sources via tsx', 'fromSources'),
    ...(problem && { problem }),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
