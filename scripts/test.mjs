// `npm test`: the static checks (typecheck with TypeScript 7's tsc, oxlint, oxfmt --check) run beside
// Vitest rather than before it: run first they would only add their time, run beside they take CPU
// from the tests, some 8.5 s of it on a fresh clone (tsc ~8, oxlint ~0.3, oxfmt ~0.4; TypeScript 6,
// ESLint and Prettier took ~27 + ~18 + ~16 s). On this 2-core machine both cores are 88–98% busy
// through the run, so the suite's length follows the CPU all of it takes.
// Their output is printed once Vitest is done; the run fails if any of them or Vitest fails.
// Each command starts as `npm run` would start it, without npm itself: package.json's script in a
// shell with node_modules/.bin on the PATH, and Vitest's own bin. An `npm run` or `npx` costs some
// 0.3 to 0.6 s of CPU before its command starts, at the start of the run, when both cores are busiest.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const { scripts } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
const BIN_PATH = [resolve(ROOT, 'node_modules/.bin'), process.env.PATH].join(delimiter);
const npmRun = (script) => ['sh', ['-c', scripts[script]], script];
const CHECKS = [npmRun('typecheck'), npmRun('lint')];
const VITEST = [process.execPath, [resolve(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...process.argv.slice(2)]];

/** Runs a command; resolves with its exit code and, when `capture`, its output. */
function run([command, args], capture) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, PATH: BIN_PATH }, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', (error) => resolve({ code: 1, output: `${output}${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/** The checks one after another (the second core is Vitest's), stopping at the first that fails. */
async function staticChecks() {
  for (const check of CHECKS) {
    const result = await run(check, true);
    if (result.code !== 0) return { ...result, name: check[2] };
  }
  return { code: 0, output: '' };
}

const [checks, vitest] = await Promise.all([staticChecks(), run(VITEST, false)]);
if (checks.code !== 0) {
  process.stdout.write(`\n${checks.output}`);
  console.log(`npm test: \`npm run ${checks.name}\` failed (its output is above).`);
} else {
  console.log('npm test: typecheck, lint and format check passed.');
}
process.exit(checks.code !== 0 ? checks.code : vitest.code);
