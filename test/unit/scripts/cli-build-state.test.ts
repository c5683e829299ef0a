import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
