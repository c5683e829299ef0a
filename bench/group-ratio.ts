import type { Metric, ScenarioOutcome } from './report';

/** The goal: adding or removing one member of a 50,000-member group costs at most this many single-user PATCHes. */
export const GROUP_MEMBER_GOAL_RATIO = 2;

const SINGLE_USER_PATCH = 'patch_deactivate';
const MEMBER_SCENARIOS = ['group_member_add', 'group_member_remove'];

interface GroupRatio {
  name: string;
  label: string;
  /** Time per member change over time per single-user PATCH, both measured in this run. */
  ratio: number;
}

function groupRatios(outcomes: ScenarioOutcome[]): GroupRatio[] {
  const patch = outcomes.find((outcome) => outcome.scenario.name === SINGLE_USER_PATCH);
  if (!patch || patch.result.requestsPerSecond <= 0) return [];
  return outcomes
    .filter((outcome) => MEMBER_SCENARIOS.includes(outcome.scenario.name) && outcome.result.requestsPerSecond > 0)
    .map((outcome) => ({
      name: outcome.scenario.name,
      label: outcome.scenario.label,
      ratio: patch.result.requestsPerSecond / outcome.result.requestsPerSecond,
    }));
}

/** One line per membership scenario: how many single-user PATCHes one of its requests costs, against the goal. */
export function formatGroupRatios(outcomes: ScenarioOutcome[]): string {
  return groupRatios(outcomes)
    .map(
      ({ label, ratio }) =>
        `${label}: ${ratio.toFixed(2)}× the time of a single-user PATCH in this run (target ≤ ${GROUP_MEMBER_GOAL_RATIO}×, met? ${ratio <= GROUP_MEMBER_GOAL_RATIO ? 'yes' : 'NO'})`,
    )
    .join('\n');
}

export function groupRatioMetrics(outcomes: ScenarioOutcome[]): Record<string, Metric> {
  return Object.fromEntries(groupRatios(outcomes).map(({ name, ratio }) => [`${name}_vs_patch_ratio`, { value: Number(ratio.toFixed(2)), unit: 'ratio' }]));
}
