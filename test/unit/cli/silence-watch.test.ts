import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { watchForSilence } from '../../../src/cli/silence-watch';

/** A long command against a server that never answers says it is still waiting, and stays quiet while answers come. */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('says it is still waiting once nothing came back for the interval, and not while answers come', () => {
  const said: string[] = [];
  const watch = watchForSilence((line) => said.push(line), 10_000);
  vi.advanceTimersByTime(9_000);
  watch.heard('GET /Users');
  vi.advanceTimersByTime(10_000);
  // Heard 1 s before this tick: only 9 s of silence.
  expect(said).toEqual([]);
  vi.advanceTimersByTime(10_000);
  expect(said).toEqual(['Still waiting: nothing came back for 11 s since GET /Users. Ctrl-C stops.']);
  vi.advanceTimersByTime(10_000);
  expect(said).toHaveLength(2);
  watch.stop();
  vi.advanceTimersByTime(60_000);
  expect(said).toHaveLength(2);
});

it('says so before anything came back at all', () => {
  const said: string[] = [];
  const watch = watchForSilence((line) => said.push(line), 10_000);
  vi.advanceTimersByTime(10_000);
  expect(said).toEqual(['Still waiting: nothing came back for 10 s. Ctrl-C stops.']);
  watch.stop();
});
