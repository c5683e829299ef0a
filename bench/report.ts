import type { LoadResult } from './load';
import type { Scenario, Target } from './scenarios';

export interface ScenarioOutcome {
  scenario: Scenario;
  result: LoadResult;
  /** The bare route, measured in slices alternating with this scenario's; absent for the bare route's own row. */
  baseline?: LoadResult;
  /** Throughput over `baseline`'s. */
  ratio?: number;
  /** Why the responses were wrong (a failed pre-flight check), if they were. */
  problem?: string;
  /** The minimal reference server (reference-server.ts) on the same scenario, measured in the same turns. */
  reference?: LoadResult;
  /** The same SCIM server with recording off, measured in the same turns. */
  unrecorded?: LoadResult;
}

/** The issue's ceiling on what recording may cost: throughput with recording on ≥ 80% of without. */
export const RECORDING_COST_GOAL = 0.2;

/** Throughput over the reference server's, for a scenario measured beside it. */
export const referenceRatio = ({ result, reference }: ScenarioOutcome) =>
  reference === undefined ? undefined : reference.requestsPerSecond > 0 ? result.requestsPerSecond / reference.requestsPerSecond : 0;

/** The share of throughput recording takes: 1 − (with recording / without). */
export const recordingCost = ({ result, unrecorded }: ScenarioOutcome) =>
  unrecorded === undefined ? undefined : unrecorded.requestsPerSecond > 0 ? 1 - result.requestsPerSecond / unrecorded.requestsPerSecond : 0;

/**
 * The share of the server's CPU per request that recording takes: 1 − (without / with). The CPU is
 * read over the whole measurement, so it includes indexing done between the server's own slices.
 */
export const recordingCpuCost = ({ result, unrecorded }: ScenarioOutcome) =>
  result.cpuUsPerRequest === undefined || unrecorded?.cpuUsPerRequest === undefined || result.cpuUsPerRequest <= 0
    ? undefined
    : 1 - unrecorded.cpuUsPerRequest / result.cpuUsPerRequest;

export interface Metric {
  value: number;
  unit: string;
}

/** The shape later issues append their own rows to: `{"metrics": {"name": {"value": n, "unit": "req/s"}}}`. */
export interface BenchReport {
  metrics: Record<string, Metric>;
  run: Record<string, unknown>;
}

export const describeTarget = (target: Target | undefined) =>
  target === undefined
    ? ''
    : target.kind === 'rps'
      ? `≥ ${target.min} req/s`
      : `≥ ${Math.round(target.min * 100)}% of ${target.kind === 'ratio' ? 'bare' : 'reference'}`;

export function targetMet(outcome: ScenarioOutcome): boolean | undefined {
  const { target } = outcome.scenario;
  if (!target) return undefined;
  const value = target.kind === 'rps' ? outcome.result.requestsPerSecond : target.kind === 'ratio' ? (outcome.ratio ?? 0) : (referenceRatio(outcome) ?? 0);
  return value >= target.min;
}

/** Responses that were not what the scenario expects: non-2xx, connection errors, or a failed pre-flight check. */
export const isFaulty = (outcome: ScenarioOutcome) =>
  outcome.problem !== undefined ||
  [outcome.result, outcome.reference, outcome.unrecorded].some((result) => result !== undefined && (result.non2xx > 0 || result.errors > 0));

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export function toMetrics(outcomes: ScenarioOutcome[], extra: Record<string, Metric> = {}): Record<string, Metric> {
  const metrics: Record<string, Metric> = { ...extra };
  for (const { scenario, result, baseline, ratio } of outcomes) {
    metrics[`${scenario.name}_rps`] = { value: Math.round(result.requestsPerSecond), unit: 'req/s' };
    metrics[`${scenario.name}_p99`] = { value: round(result.p99, 2), unit: 'ms' };
    if (baseline) metrics[`${scenario.name}_bare_rps`] = { value: Math.round(baseline.requestsPerSecond), unit: 'req/s' };
    if (ratio !== undefined) metrics[`${scenario.name}_ratio`] = { value: round(ratio, 3), unit: 'ratio' };
  }
  for (const outcome of outcomes) {
    const { name } = outcome.scenario;
    if (outcome.reference) {
      metrics[`${name}_reference_rps`] = { value: Math.round(outcome.reference.requestsPerSecond), unit: 'req/s' };
      metrics[`${name}_reference_ratio`] = { value: round(referenceRatio(outcome)!, 3), unit: 'ratio' };
    }
    if (outcome.unrecorded) {
      metrics[`${name}_recording_off_rps`] = { value: Math.round(outcome.unrecorded.requestsPerSecond), unit: 'req/s' };
      metrics[`${name}_recording_cost`] = { value: round(recordingCost(outcome)!, 3), unit: 'ratio' };
      const cpuCost = recordingCpuCost(outcome);
      if (cpuCost !== undefined) metrics[`${name}_recording_cpu_cost`] = { value: round(cpuCost, 3), unit: 'ratio' };
    }
    const cpu = { '': outcome.result, recording_off_: outcome.unrecorded, reference_: outcome.reference };
    for (const [prefix, side] of Object.entries(cpu)) {
      if (side?.cpuUsPerRequest !== undefined) metrics[`${name}_${prefix}cpu_us_per_request`] = { value: Math.round(side.cpuUsPerRequest), unit: 'µs' };
    }
  }
  return metrics;
}

/**
 * A plain-text table. Hand-written (a dozen lines) because the table libraries in
 * node_modules arrive only as autocannon's dependencies, not as ours.
 */
export function formatTable(outcomes: ScenarioOutcome[]): string {
  const header = [
    'scenario',
    'req/s',
    'p99 ms',
    'bare req/s beside',
    'ratio to bare',
    'reference req/s beside',
    'ratio to reference',
    'target',
    'met?',
    'recording off req/s',
    'recording cost',
    `met? (≤ ${RECORDING_COST_GOAL * 100}%)`,
    'server CPU µs/req (recording off, reference)',
    'recording cost by CPU',
    'non-2xx/errors',
  ];
  const rps = (result: LoadResult | undefined) => (result ? Math.round(result.requestsPerSecond).toLocaleString('en-US') : '—');
  const percent = (value: number | undefined) => (value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);
  const verdict = (met: boolean | undefined) => (met === undefined ? '' : met ? 'yes' : 'NO');
  const rows = outcomes.map((outcome) => {
    const { result } = outcome;
    const cost = recordingCost(outcome);
    return [
      outcome.scenario.label,
      rps(result),
      result.p99.toFixed(2),
      rps(outcome.baseline),
      percent(outcome.ratio),
      rps(outcome.reference),
      percent(referenceRatio(outcome)),
      describeTarget(outcome.scenario.target),
      verdict(targetMet(outcome)),
      rps(outcome.unrecorded),
      percent(cost),
      verdict(cost === undefined ? undefined : cost <= RECORDING_COST_GOAL),
      cpuPerRequest(outcome),
      percent(recordingCpuCost(outcome)),
      `${result.non2xx}/${result.errors}`,
    ];
  });
  const numeric = new Set([1, 2, 3, 4, 5, 6, 9, 10, 12, 13, 14]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** The SCIM server's CPU time per request, then (in brackets) recording off's and the reference's, where measured. */
function cpuPerRequest({ result, unrecorded, reference }: ScenarioOutcome): string {
  const us = (side: LoadResult | undefined) => (side?.cpuUsPerRequest === undefined ? undefined : Math.round(side.cpuUsPerRequest).toString());
  const others = [us(unrecorded), us(reference)].filter((text) => text !== undefined);
  return `${us(result) ?? '—'}${others.length > 0 ? ` (${others.join(', ')})` : ''}`;
}

/** One line per scenario whose responses were wrong, with the status codes seen. */
export function formatFaults(outcomes: ScenarioOutcome[]): string[] {
  const describe = (result: LoadResult) => {
    const statuses = Object.entries(result.statuses)
      .map(([status, count]) => `${status}×${count}`)
      .join(', ');
    return `statuses ${statuses || 'none'}, ${result.errors} connection errors.`;
  };
  return outcomes.filter(isFaulty).map((outcome) => {
    const problem = outcome.problem ? ` ${outcome.problem}` : '';
    const others = (['reference', 'unrecorded'] as const)
      .filter((side) => outcome[side] !== undefined && (outcome[side].non2xx > 0 || outcome[side].errors > 0))
      .map((side) => ` ${side === 'reference' ? 'Reference server' : 'Recording off'}: ${describe(outcome[side]!)}`)
      .join('');
    return `! ${outcome.scenario.label}: ${describe(outcome.result)}${problem}${others}`;
  });
}
