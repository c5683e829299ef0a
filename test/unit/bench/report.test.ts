import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../../bench/load';
import { formatFaults, formatTable, isFaulty, recordingCost, referenceRatio, targetMet, toMetrics, type ScenarioOutcome } from '../../../bench/report';
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
    { scenario: filter, result: result(6000), baseline: result(10_000), ratio: 0.6, reference: result(8000), unrecorded: result(7000) },
    { scenario: create, result: result(1500), baseline: result(9000), ratio: 1500 / 9000, reference: result(3000), unrecorded: result(2000) },
    { scenario: { ...filter, label: 'lookup, bare target', target: { kind: 'ratio', min: 0.5 } }, result: result(6000), baseline: result(10_000), ratio: 0.6 },
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

  it('writes the reference server beside, the ratio to it and the cost of recording', () => {
    const metrics = toMetrics(outcomes);
    expect(metrics.filter_lookup_reference_rps).toEqual({ value: 8000, unit: 'req/s' });
    expect(metrics.filter_lookup_reference_ratio).toEqual({ value: 0.75, unit: 'ratio' });
    expect(metrics.filter_lookup_recording_off_rps).toEqual({ value: 7000, unit: 'req/s' });
    expect(metrics.filter_lookup_recording_cost).toEqual({ value: 0.143, unit: 'ratio' });
    expect(metrics.create_recording_cost).toEqual({ value: 0.25, unit: 'ratio' });
    expect(metrics.bare_reference_ratio).toBeUndefined();
    expect(metrics.bare_recording_cost).toBeUndefined();
  });

  it("writes and prints each server's CPU time per request where it was measured, and the share recording takes of it", () => {
    const measured: ScenarioOutcome = {
      ...outcomes[1]!,
      result: result(6000, { cpuUsPerRequest: 251.6 }),
      unrecorded: result(7000, { cpuUsPerRequest: 180.2 }),
      reference: result(8000, { cpuUsPerRequest: 95 }),
    };
    const metrics = toMetrics([measured, outcomes[2]!]);
    expect(metrics.filter_lookup_cpu_us_per_request).toEqual({ value: 252, unit: 'µs' });
    expect(metrics.filter_lookup_recording_off_cpu_us_per_request).toEqual({ value: 180, unit: 'µs' });
    expect(metrics.filter_lookup_reference_cpu_us_per_request).toEqual({ value: 95, unit: 'µs' });
    expect(metrics.create_cpu_us_per_request).toBeUndefined();
    // 1 − 180.2 / 251.6
    expect(metrics.filter_lookup_recording_cpu_cost).toEqual({ value: 0.284, unit: 'ratio' });
    expect(metrics.create_recording_cpu_cost).toBeUndefined();
    const [header, , row, unmeasured] = formatTable([measured, outcomes[2]!]).split('\n');
    expect(header).toMatch(/server CPU µs\/req \(recording off, reference\)\s+recording cost by CPU/);
    expect(row).toMatch(/\s252 \(180, 95\)\s+28\.4%\s+0\/0$/);
    expect(unmeasured).toMatch(/\s—\s+—\s+0\/0$/);
  });

  it('divides by the reference and by recording off, and stays at 0 (not NaN) when either served nothing', () => {
    expect(referenceRatio(outcomes[1]!)).toBe(0.75);
    expect(recordingCost(outcomes[2]!)).toBe(0.25);
    expect(referenceRatio(outcomes[0]!)).toBeUndefined();
    expect(referenceRatio({ ...outcomes[1]!, reference: result(0) })).toBe(0);
    expect(recordingCost({ ...outcomes[1]!, unrecorded: result(0) })).toBe(0);
  });

  it('judges a reference target against the ratio to the reference, a bare target against the ratio to bare, a throughput target against req/s', () => {
    expect(targetMet(outcomes[0]!)).toBeUndefined();
    expect(targetMet(outcomes[1]!)).toBe(true); // 6000 / 8000 ≥ 0.7
    expect(targetMet(outcomes[2]!)).toBe(false); // 1500 / 3000 < 0.7
    expect(targetMet(outcomes[3]!)).toBe(true); // 0.6 of bare ≥ 0.5
    expect(targetMet({ ...outcomes[3]!, scenario: { ...create, target: { kind: 'rps', min: 2000 } } })).toBe(true);
    expect(targetMet({ ...outcomes[2]!, scenario: { ...create, target: { kind: 'rps', min: 2000 } } })).toBe(false);
    // Without a reference measurement, a reference target is not met.
    expect(targetMet({ ...outcomes[1]!, reference: undefined })).toBe(false);
  });

  it('prints one row per scenario with its target and verdict', () => {
    const lines = formatTable(outcomes).split('\n');
    expect(lines).toHaveLength(2 + outcomes.length);
    expect(lines[0]).toMatch(
      /ratio to bare\s+reference req\/s beside\s+ratio to reference\s+target\s+met\?\s+recording off req\/s\s+recording cost\s+met\? \(≤ 20%\)/,
    );
    expect(lines[2]).toMatch(/^bare fastify GET \/bare\s+10,000\s+3\.25\s+—\s+—\s+—\s+—/);
    expect(lines[3]).toMatch(/60\.0%\s+8,000\s+75\.0%\s+≥ 70% of reference\s+yes\s+7,000\s+14\.3%\s+yes/);
    expect(lines[4]).toMatch(/3,000\s+50\.0%\s+≥ 70% of reference\s+NO\s+2,000\s+25\.0%\s+NO/);
    expect(lines[5]).toMatch(/60\.0%\s+—\s+—\s+≥ 50% of bare\s+yes\s+—\s+—/);
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

  it('flags a scenario whose reference or recording-off server answered with errors, naming which', () => {
    const referenceFailed: ScenarioOutcome = { ...outcomes[1]!, reference: result(0, { statuses: { '404': 7 }, non2xx: 7 }) };
    expect(isFaulty(referenceFailed)).toBe(true);
    expect(formatFaults([referenceFailed])).toEqual([expect.stringMatching(/statuses 200×30000, .* Reference server: statuses 404×7, 0 connection errors\.$/)]);
    const offFailed: ScenarioOutcome = { ...outcomes[1]!, unrecorded: result(0, { errors: 3, statuses: {} }) };
    expect(formatFaults([offFailed])).toEqual([expect.stringContaining('Recording off: statuses none, 3 connection errors.')]);
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

  it("holds the four scenarios the reference server serves to the issue's ratios to it", () => {
    const targets = Object.fromEntries(scimScenarios(seeded, 'run1').map((candidate) => [candidate.name, candidate.target]));
    expect(targets).toMatchObject({
      filter_lookup: { kind: 'reference', min: 0.7 },
      list_page: { kind: 'reference', min: 0.8 },
      create: { kind: 'reference', min: 0.7 },
      patch_deactivate: { kind: 'reference', min: 0.7 },
    });
  });

  it('walks list pages of 100 from the first', () => {
    const next = scenario('list_page').requests();
    expect(next().path).toBe('/scim/v2/Users?startIndex=1&count=100');
  });
});
