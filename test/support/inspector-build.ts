import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
const RENDERER = join(ROOT, 'src/renderer');
/** What the renderer's build is made from: its sources, the shared types it imports, the locked dependencies (Vite, React), the TypeScript settings esbuild reads, and this file (the build's own). */
const INPUTS = [
  RENDERER,
  join(ROOT, 'src/shared'),
  ...['package-lock.json', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.web.json'].map((name) => join(ROOT, name)),
  import.meta.filename,
];
const PREFIX = 'scim-workbench-inspector-';
/** A cached build nobody used for this long is removed when another is made. */
const UNUSED_MS = 24 * 60 * 60 * 1000;
/** How long a worker waits for another (this run's other worker, another checkout's run) building the same sources. */
const BUILD_WAIT_MS = 180_000;
/** A lock left this long ago was left by a run that died mid-build. */
const STALE_LOCK_MS = 10 * 60 * 1000;

/**
 * The production build, as `npm run build` makes it for the app. Vite takes the mode from NODE_ENV
 * when it is set, and Vitest sets it to `test`: that built React's development runtime (every
 * element made by jsxDEV, owner stacks with console.createTask), a third of the page's CPU time
 * in these tests, and not what a user runs. Nothing else runs in this worker meanwhile (a file's
 * beforeAll waits for it).
 */
async function viteBuild(outDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: RENDERER, plugins: [react()], logLevel: 'silent', configFile: false, mode: 'production', build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/**
 * The renderer's build for these sources, made once and kept in the temp dir under a hash of
 * everything it is built from: a run's two workers, and the runs after it until a source changes,
 * serve the same files instead of each paying a Vite build (seconds of CPU). A changed source, a
 * dependency or this file makes another hash, so no test is ever served an older renderer.
 * One process builds (a lock directory); the others wait for its build to appear.
 */
export async function cachedInspectorBuild(): Promise<string> {
  const dir = join(tmpdir(), `${PREFIX}${sourcesHash()}`);
  const lock = `${dir}.lock`;
  const deadline = Date.now() + BUILD_WAIT_MS;
  for (;;) {
    if (existsSync(join(dir, 'index.html'))) {
      // Marks it used, so that the clean-up below keeps it.
      utimesSync(dir, new Date(), new Date());
      return dir;
    }
    if (takeLock(lock)) {
      try {
        // Built beside it and renamed into place: a reader never sees half a build.
        const building = mkdtempSync(`${dir}.building-`);
        try {
          await viteBuild(building);
          try {
            renameSync(building, dir);
          } catch (error) {
            // Another process got there first (after breaking a stale lock): its build is the same.
            if (!existsSync(join(dir, 'index.html'))) throw error;
          }
        } finally {
          rmSync(building, { recursive: true, force: true });
        }
        removeUnusedBuilds(dir);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`No inspector build at ${dir} within ${BUILD_WAIT_MS / 1000} s: another process holds ${lock}.`);
    // Another process is building these very sources: its rename ends the wait.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Takes the build lock (an atomic mkdir), breaking one left by a process that died mid-build. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
    if (since !== undefined && Date.now() - since > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

/**
 * Removes cached builds of other sources that no run has used for a day (each checkout, each edit
 * makes one), and the per-worker builds of earlier versions of this file that a killed worker left.
 */
function removeUnusedBuilds(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    if (!/^scim-workbench-inspector-([0-9a-f]{16}|[A-Za-z0-9]{6})$/.test(name)) continue;
    const path = join(tmpdir(), name);
    if (path === keep) continue;
    const used = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    if (used !== undefined && Date.now() - used > UNUSED_MS) rmSync(path, { recursive: true, force: true });
  }
}

/** A hash of the build's inputs: every file's path and contents (a checkout changes modification times, not contents). */
function sourcesHash(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) add(path + sep + name);
      return;
    }
    hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const input of INPUTS) add(input);
  return hash.digest('hex').slice(0, 16);
}
