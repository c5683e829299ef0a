// Whether out/main/cli.js (electron-vite's build of src/cli/index.ts) is there and at least as new
// as the sources it is built from. bin/scim-workbench.mjs asks at every start, so this stays cheap:
// a walk of the source folders comparing modification times, no file contents read. The walk is
// most of what the bin adds to a start (a stat per source file, a few hundred): folders are told
// apart by their directory entries, so only files are stat'ed.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The built CLI. */
export const CLI_BUNDLE = join(ROOT, 'out', 'main', 'cli.js');

/**
 * What the bundle is built from: the CLI's and the engine's sources and what decides how they are
 * bundled (package.json says which dependencies stay external). src/main and src/preload are not
 * in the CLI, the renderer is served from out/renderer, which `npm run build` makes.
 */
const SOURCES = ['src/cli', 'src/engine', 'src/shared', 'electron.vite.config.ts', 'package.json'];

/**
 * `fresh`: run the bundle. `missing`: never built. `stale`: `newer` (a path from the checkout's root)
 * changed after the build (a checkout, a merge, an edit), so the bundle may be older code than the sources.
 * A checkout without src/ (an installed copy) has nothing to compare: its bundle is fresh.
 * `root` is the checkout whose sources count (another than this one's in tests).
 */
export function cliBuildState(bundle = CLI_BUNDLE, root = ROOT) {
  let builtMs;
  try {
    builtMs = statSync(bundle).mtimeMs;
  } catch {
    return { state: 'missing', bundle };
  }
  for (const source of SOURCES.map((path) => join(root, path))) {
    const stat = statSync(source, { throwIfNoEntry: false });
    const newer = !stat ? undefined : stat.isDirectory() ? newerUnder(source, builtMs) : stat.mtimeMs > builtMs ? source : undefined;
    if (newer) return { state: 'stale', bundle, newer: relative(root, newer) };
  }
  return { state: 'fresh', bundle };
}

/** The first file under the folder `dir` modified after `ms`, if any. */
function newerUnder(dir, ms) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = dir + sep + entry.name;
    if (entry.isDirectory()) {
      const newer = newerUnder(path, ms);
      if (newer) return newer;
      continue;
    }
    // Gone since the listing (a checkout in progress): nothing newer there.
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    // A symbolic link to a folder is walked as the folder.
    const newer = stat.isDirectory() ? newerUnder(path, ms) : stat.mtimeMs > ms ? path : undefined;
    if (newer) return newer;
  }
  return undefined;
}
