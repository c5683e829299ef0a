import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/cli';

const root = resolve(import.meta.dirname, '../../..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * A checkout of its own in a temp dir (the bin, the build-state check, package.json; src/ linked),
 * whose build is missing or stale at will: the real checkout's out/main is what other tests spawn.
 */
function checkout(options: { build?: 'stale'; withoutTsx?: boolean }) {
  const dir = tempDir();
  for (const path of ['bin/scim-workbench.mjs', 'scripts/cli-build-state.mjs', 'package.json', 'electron.vite.config.ts']) {
    cpSync(join(root, path), join(dir.path, path));
  }
  symlinkSync(join(root, 'src'), join(dir.path, 'src'));
  mkdirSync(join(dir.path, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (options.withoutTsx && name === 'tsx') continue;
    symlinkSync(join(root, 'node_modules', name), join(dir.path, 'node_modules', name));
  }
  if (options.build === 'stale') {
    cpSync(join(root, 'out', 'main'), join(dir.path, 'out', 'main'), { recursive: true });
    const longAgo = new Date('2000-01-01T00:00:00Z');
    utimesSync(join(dir.path, 'out', 'main', 'cli.js'), longAgo, longAgo);
  }
  return dir;
}

const run = async (dir: string, args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(dir, 'bin', 'scim-workbench.mjs'), ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe('bin/scim-workbench.mjs where the build cannot be trusted', () => {
  const dirs: { remove: () => void }[] = [];
  afterAll(() => dirs.forEach((dir) => dir.remove()));
  const make = (options: Parameters<typeof checkout>[0]) => {
    const dir = checkout(options);
    dirs.push(dir);
    return dir.path;
  };

  it('runs the sources through tsx when there is no build, and says so on stderr', async () => {
    const result = await run(make({}), ['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(result.stderr).toMatch(/the CLI is not built yet; running the TypeScript sources through tsx .*`npm run build`/);
  });

  it('does not run a build older than the sources: it names the newer file and runs the sources', async () => {
    const result = await run(make({ build: 'stale' }), ['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(result.stderr).toMatch(
      /^scim-workbench: (src\/\S+|package\.json|electron\.vite\.config\.ts) changed since the CLI was built; running the TypeScript sources/,
    );
  });

  it('without a build and without tsx, says to run npm run build and exits 1', async () => {
    const result = await run(make({ withoutTsx: true }), ['--version']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(
      'scim-workbench: the CLI is not built yet, and tsx (a devDependency) is not installed to run the sources. Run `npm install`, then `npm run build`.',
    );
  });
});
