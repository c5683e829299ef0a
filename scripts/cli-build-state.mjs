// Whether out/main/cli.js (electron-vite's build of src/cli/index.ts) is there and at least as new
// as the sources it is built from. bin/scim-workbench.mjs asks at every start, so this stays cheap:
// a walk of the source folders comparing modification times, no file contents read.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The built CLI. */
export const CLI_BUNDLE = join(ROOT, 'out', 'main', 'cli.js');

/**
 * What the bundle is built from: the CLI's and the engine's sources and what decides how they are
 * bundled (package.json says which dependencies stay external). src/main and src/preload are not
 * in the CLI, the renderer is served from out/renderer, which `npm run build` makes.
 */
const SOURCES = ['src/cli', 'src/engine', 'src/shared', 'electron.vite.config.ts', 'package.json'].map((path) => join(ROOT, path));

/**
 * `fresh`: run the bundle. `missing`: never built. `stale`: `newer` (a path from the checkout's root)
 * changed after the build (a checkout, a merge, an edit), so the bundle may be older code than the sources.
 * A checkout without src/ (an installed copy) has nothing to compare: its bundle is fresh.
 */
export function cliBuildState(bundle = CLI_BUNDLE) {
  let builtMs;
  try {
    builtMs = statSync(bundle).mtimeMs;
  } catch {
    return { state: 'missing', bundle };
  }
  for (const source of SOURCES) {
    const newer = newerThan(source, builtMs);
    if (newer) return { state: 'stale', bundle, newer: relative(ROOT, newer) };
  }
  return { state: 'fresh', bundle };
}

/** The first file under `path` modified after `ms`, if any. */
function newerThan(path, ms) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return stat.mtimeMs > ms ? path : undefined;
  for (const entry of readdirSync(path)) {
    const newer = newerThan(join(path, entry), ms);
    if (newer) return newer;
  }
  return undefined;
}
