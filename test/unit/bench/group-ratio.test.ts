import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../../bench/load';
import { formatGroupRatios, groupRatioMetrics } from '../../../bench/group-ratio';
import { formatMemoryTable, memoryMetrics, type MemoryBenchResult } from '../../../bench/memory';
import type { ScenarioOutcome } from '../../../bench/report';
import { scimScenarios } from '../../../bench/scenarios';
import type { SeededDatabase } from '../../../bench/seed';

// What the bench says about the membership rows and the server's memory, from given figures: no load runs.

const result = (requestsPerSecond: number): LoadResult => ({ requestsPerSecond, p50: 1, p99: 2, statuses: {}, non2xx: 0, errors: 0, raw: [] });
const seeded: SeededDatabase = { bigGroup: { id: 'g', memberCount: 50_000 }, token: 't', ids: ['id-0'], userNames: ['a@x'], seconds: 1 };
const scenario = (name: string) => scimScenarios(seeded, 'run1').find((candidate) => candidate.name === name)!;

describe('membership rows against the single-user PATCH of the same run', () => {
  const outcomes: ScenarioOutcome[] = [
    { scenario: scenario('patch_deactivate'), result: result(1000) },
    { scenario: scenario('group_member_add'), result: result(400) },
    { scenario: scenario('group_member_remove'), result: result(800) },
  ];

  it('gives each row its time in single-user PATCHes, and whether it is within 2×', () => {
    expect(formatGroupRatios(outcomes).split('\n')).toEqual([
      'PATCH add 1 member to a 50,000-member group: 2.50× the time of a single-user PATCH in this run (target ≤ 2×, met? NO)',
      'PATCH remove 1 member from a 50,000-member group: 1.25× the time of a single-user PATCH in this run (target ≤ 2×, met? yes)',
    ]);
    expect(groupRatioMetrics(outcomes)).toEqual({
      group_member_add_vs_patch_ratio: { value: 2.5, unit: 'ratio' },
      group_member_remove_vs_patch_ratio: { value: 1.25, unit: 'ratio' },
    });
  });

  it('says nothing when the PATCH row is missing (a run of other scenarios)', () => {
    expect(formatGroupRatios(outcomes.slice(1))).toBe('');
    expect(groupRatioMetrics(outcomes.slice(1))).toEqual({});
  });
});

describe('server memory table', () => {
  const memory: MemoryBenchResult = {
    users: 100_000,
    exchanges: 200_000,
    idle: { totalMb: 82.4, anonMb: 37 },
    seededIdle: { totalMb: 79, anonMb: 34 },
    loadPeak: { totalMb: 156, anonMb: 91 },
    afterLoad: { totalMb: 150.6, anonMb: 91 },
    requests: 1000,
    problems: [],
  };

  it('holds the idle row to 90 MB and the row after the load to 150 MB', () => {
    const rows = formatMemoryTable(memory).split('\n');
    expect(rows.find((row) => row.startsWith('serve idle'))).toMatch(/ 82 +37 +≤ 90 MB +yes$/);
    expect(rows.find((row) => row.startsWith('serve after the load'))).toMatch(/ 151 +91 +≤ 150 MB +NO$/);
    expect(memoryMetrics(memory)).toMatchObject({ serve_idle_rss_mb: { value: 82, unit: 'MB' }, serve_after_load_rss_mb: { value: 151, unit: 'MB' } });
  });
});
