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
}

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
  target === undefined ? '' : target.kind === 'rps' ? `≥ ${target.min} req/s` : `≥ ${target.min * 100}% of bare`;

export function targetMet(outcome: ScenarioOutcome): boolean | undefined {
  const { target } = outcome.scenario;
  if (!target) return undefined;
  const value = target.kind === 'rps' ? outcome.result.requestsPerSecond : (outcome.ratio ?? 0);
  return value >= target.min;
}

/** Responses that were not what the scenario expects: non-2xx, connection errors, or a failed pre-flight check. */
export const isFaulty = (outcome: ScenarioOutcome) => outcome.problem !== undefined || outcome.result.non2xx > 0 || outcome.result.errors > 0;

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export function toMetrics(outcomes: ScenarioOutcome[], extra: Record<string, Metric> = {}): Record<string, Metric> {
  const metrics: Record<string, Metric> = { ...extra };
  for (const { scenario, result, baseline, ratio } of outcomes) {
    metrics[`${scenario.name}_rps`] = { value: Math.round(result.requestsPerSecond), unit: 'req/s' };
    metrics[`${scenario.name}_p99`] = { value: round(result.p99, 2), unit: 'ms' };
    if (baseline) metrics[`${scenario.name}_bare_rps`] = { value: Math.round(baseline.requestsPerSecond), unit: 'req/s' };
    if (ratio !== undefined) metrics[`${scenario.name}_ratio`] = { value: round(ratio, 3), unit: 'ratio' };
  }
  return metrics;
}

/**
 * A plain-text table. Hand-written (a dozen lines) because the table libraries in
 * node_modules arrive only as autocannon's dependencies, not as ours.
 */
export function formatTable(outcomes: ScenarioOutcome[]): string {
  const header = ['scenario', 'req/s', 'p99 ms', 'bare req/s beside', 'ratio to bare', 'target', 'met?', 'non-2xx/errors'];
  const rps = (result: LoadResult) => Math.round(result.requestsPerSecond).toLocaleString('en-US');
  const rows = outcomes.map((outcome) => {
    const met = targetMet(outcome);
    const { result } = outcome;
    return [
      outcome.scenario.label,
      rps(result),
      result.p99.toFixed(2),
      outcome.baseline ? rps(outcome.baseline) : '—',
      outcome.ratio === undefined ? '—' : `${(outcome.ratio * 100).toFixed(1)}%`,
      describeTarget(outcome.scenario.target),
      met === undefined ? '' : met ? 'yes' : 'NO',
      `${result.non2xx}/${result.errors}`,
    ];
  });
  const numeric = new Set([1, 2, 3, 4, 7]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** One line per scenario whose responses were wrong, with the status codes seen. */
export function formatFaults(outcomes: ScenarioOutcome[]): string[] {
  return outcomes.filter(isFaulty).map((outcome) => {
    const statuses = Object.entries(outcome.result.statuses)
      .map(([status, count]) => `${status}×${count}`)
      .join(', ');
    const problem = outcome.problem ? ` ${outcome.problem}` : '';
    return `! ${outcome.scenario.label}: statuses ${statuses || 'none'}, ${outcome.result.errors} connection errors.${problem}`;
  });
}
