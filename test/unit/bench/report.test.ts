import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../../bench/load';
import { formatFaults, formatTable, isFaulty, targetMet, toMetrics, type ScenarioOutcome } from '../../../bench/report';
import { bareRoute, scattered, scimScenarios } from '../../../bench/scenarios';
import type { SeededDatabase } from '../../../bench/seed';

// The bench's own logic (what it reports, which requests it sends), without running any load:
// timings are not asserted anywhere.

const result = (requestsPerSecond: number, extra: Partial<LoadResult> = {}): LoadResult => ({
  requestsPerSecond,
  p50: 1,
  p99: 3.25,
  statuses: { '200': Math.round(requestsPerSecond * 5) },
  non2xx: 0,
  errors: 0,
  raw: [],
  ...extra,
});

const seeded: SeededDatabase = {
  bigGroup: { id: 'g', memberCount: 1 },
  token: 't',
  ids: ['id-0', 'id-1', 'id-2'],
  userNames: ['a@x', 'b@x', 'c@x'],
  seconds: 1,
};
const scenario = (name: string) => scimScenarios(seeded, 'run1').find((candidate) => candidate.name === name)!;

describe('bench report', () => {
  const filter = scenario('filter_lookup');
  const create = scenario('create');
  const outcomes: ScenarioOutcome[] = [
    { scenario: bareRoute, result: result(10_000) },
    { scenario: filter, result: result(6000), baseline: result(10_000), ratio: 0.6 },
    { scenario: create, result: result(1500), baseline: result(9000), ratio: 1500 / 9000 },
  ];

  it('writes rps, p99, the bare route beside and the ratio as {value, unit} metrics', () => {
    const metrics = toMetrics(outcomes, { seed_users_per_s: { value: 9000, unit: 'users/s' } });
    expect(metrics.seed_users_per_s).toEqual({ value: 9000, unit: 'users/s' });
    expect(metrics.bare_rps).toEqual({ value: 10_000, unit: 'req/s' });
    expect(metrics.bare_ratio).toBeUndefined();
    expect(metrics.filter_lookup_rps).toEqual({ value: 6000, unit: 'req/s' });
    expect(metrics.filter_lookup_p99).toEqual({ value: 3.25, unit: 'ms' });
    expect(metrics.filter_lookup_bare_rps).toEqual({ value: 10_000, unit: 'req/s' });
    expect(metrics.filter_lookup_ratio).toEqual({ value: 0.6, unit: 'ratio' });
    expect(metrics.create_ratio).toEqual({ value: 0.167, unit: 'ratio' });
  });

  it('judges a ratio target against the ratio and a throughput target against req/s', () => {
    expect(targetMet(outcomes[0]!)).toBeUndefined();
    expect(targetMet(outcomes[1]!)).toBe(true);
    expect(targetMet(outcomes[2]!)).toBe(false);
  });

  it('prints one row per scenario with its target and verdict', () => {
    const lines = formatTable(outcomes).split('\n');
    expect(lines).toHaveLength(2 + outcomes.length);
    expect(lines[2]).toMatch(/^bare fastify GET \/bare\s+10,000\s+3\.25/);
    expect(lines[3]).toMatch(/60\.0%\s+≥ 50% of bare\s+yes/);
    expect(lines[4]).toMatch(/≥ 2000 req\/s\s+NO/);
  });

  it('flags a scenario answered with errors, naming the status codes', () => {
    const unauthorized: ScenarioOutcome = {
      scenario: filter,
      result: result(0, { statuses: { '401': 4000 }, non2xx: 4000 }),
      problem: 'Pre-flight GET /scim/v2/Users answered 401',
    };
    expect(isFaulty(outcomes[1]!)).toBe(false);
    expect(isFaulty(unauthorized)).toBe(true);
    expect(formatFaults([outcomes[1]!, unauthorized])).toEqual([
      expect.stringContaining('statuses 401×4000, 0 connection errors. Pre-flight GET /scim/v2/Users answered 401'),
    ]);
  });
});

describe('bench scenarios', () => {
  it('visits every index once per pass in a scattered order', () => {
    for (const n of [1, 7, 100, 7919, 15_838]) {
      const next = scattered(n);
      const seen = new Set(Array.from({ length: n }, next));
      expect(seen.size).toBe(n);
    }
    const next = scattered(100_000);
    expect([next(), next(), next()]).toEqual([0, 7919, 15_838]);
  });

  it('looks up seeded userNames with an eq filter', () => {
    const next = scenario('filter_lookup').requests();
    const paths = [next(), next(), next()].map((request) => decodeURIComponent(request.path!));
    expect(paths.sort()).toEqual([
      '/scim/v2/Users?filter=userName eq "a@x"',
      '/scim/v2/Users?filter=userName eq "b@x"',
      '/scim/v2/Users?filter=userName eq "c@x"',
    ]);
  });

  it('creates a different userName with every request', () => {
    const next = scenario('create').requests();
    const names = Array.from({ length: 50 }, () => JSON.parse(String(next().body)).userName as string);
    expect(new Set(names).size).toBe(50);
    expect(names.every((name) => !seeded.userNames.includes(name))).toBe(true);
  });

  it('deactivates every seeded user, then flips them back, so that each PATCH writes', () => {
    const next = scenario('patch_deactivate').requests();
    const requests = Array.from({ length: 6 }, next);
    expect(
      requests
        .slice(0, 3)
        .map((request) => request.path)
        .sort(),
    ).toEqual(seeded.ids.map((id) => `/scim/v2/Users/${id}`));
    const actives = requests.map((request) => JSON.parse(String(request.body)).Operations[0].value.active);
    expect(actives).toEqual([false, false, false, true, true, true]);
  });

  it('walks list pages of 100 from the first', () => {
    const next = scenario('list_page').requests();
    expect(next().path).toBe('/scim/v2/Users?startIndex=1&count=100');
  });
});
