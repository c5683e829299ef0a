import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cliBuildState } from '../../../scripts/cli-build-state.mjs';
import { tempDir } from '../../support/cli';

// A bundle of its own in a temp dir, dated at will: the checkout's out/main/cli.js is what other
// tests spawn, so it is neither touched nor re-dated here.
const dir = tempDir();
const bundle = join(dir.path, 'cli.js');
afterAll(() => dir.remove());

it('calls a build missing when there is none', () => {
  expect(cliBuildState(bundle)).toEqual({ state: 'missing', bundle });
});

it('calls a build older than a source stale and names that source, so the bin never runs it silently', () => {
  writeFileSync(bundle, '');
  const longAgo = new Date('2000-01-01T00:00:00Z');
  utimesSync(bundle, longAgo, longAgo);
  const state = cliBuildState(bundle);
  expect(state.state).toBe('stale');
  expect(state.state === 'stale' && state.newer).toMatch(/^(src\/(cli|engine|shared)\/.+\.ts|electron\.vite\.config\.ts|package\.json)$/);
});

it('calls a build newer than every source fresh', () => {
  writeFileSync(bundle, '');
  const later = new Date(Date.now() + 24 * 3600 * 1000);
  utimesSync(bundle, later, later);
  expect(cliBuildState(bundle)).toEqual({ state: 'fresh', bundle });
});

// A checkout of its own: every source older than the bundle but the one a test makes newer.
function fakeCheckout() {
  const root = join(dir.path, `checkout-${Math.random().toString(36).slice(2)}`);
  const files = ['src/cli/main.ts', 'src/engine/store/deep/nested/module.ts', 'src/shared/types.ts', 'elsewhere/linked/linked-module.ts', 'package.json'];
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
  }
  // A folder of sources reached through a symbolic link counts as the folder.
  symlinkSync(join(root, 'elsewhere', 'linked'), join(root, 'src', 'engine', 'linked'));
  const longAgo = new Date('2000-01-01T00:00:00Z');
  for (const file of files) utimesSync(join(root, file), longAgo, longAgo);
  const built = join(root, 'out', 'main', 'cli.js');
  mkdirSync(dirname(built), { recursive: true });
  writeFileSync(built, '');
  const buildTime = new Date('2010-01-01T00:00:00Z');
  utimesSync(built, buildTime, buildTime);
  const touch = (file: string) => utimesSync(join(root, file), new Date(), new Date());
  return { root, built, touch };
}

it('finds a changed source however deep in a source folder, and in a folder linked into one', () => {
  const fresh = fakeCheckout();
  expect(cliBuildState(fresh.built, fresh.root)).toEqual({ state: 'fresh', bundle: fresh.built });
  const deep = fakeCheckout();
  deep.touch('src/engine/store/deep/nested/module.ts');
  expect(cliBuildState(deep.built, deep.root)).toMatchObject({ state: 'stale', newer: 'src/engine/store/deep/nested/module.ts' });
  const linked = fakeCheckout();
  linked.touch('elsewhere/linked/linked-module.ts');
  expect(cliBuildState(linked.built, linked.root)).toMatchObject({ state: 'stale', newer: 'src/engine/linked/linked-module.ts' });
  const top = fakeCheckout();
  top.touch('package.json');
  expect(cliBuildState(top.built, top.root)).toMatchObject({ state: 'stale', newer: 'package.json' });
});
