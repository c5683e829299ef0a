import { URN } from '../src/engine/scim/urns';
import { openWorkbench } from '../src/engine/workbench';
import type { FaultRuleInput } from '../src/shared/faults';
import { measureBeside, type LoadOptions, type LoadTarget } from './load';
import type { ScenarioOutcome } from './report';
import type { Scenario } from './scenarios';
import { scattered } from './scenarios';

/**
 * The chaos lab's cost: userName lookups in a workspace with 50 fault rules that never match them,
 * beside the same lookups in a workspace with none (same users, same server, alternating slices).
 * The rules get as far as they can before failing (GET on Users, then the filter's text or the
 * client), the dearest non-matching case. Goal: ≥ 95% of the throughput without rules.
 */
const USERS = 1000;
const SLUGS = { with: 'bench-faults-50', without: 'bench-faults-0' };

export interface FaultBenchSeed {
  tokens: { with: string; without: string };
  userNames: string[];
}

/** Run before the server child opens the file. */
export function seedFaultWorkspaces(dbPath: string): FaultBenchSeed {
  const workbench = openWorkbench({ dbPath });
  try {
    const userNames = Array.from({ length: USERS }, (_, index) => `fault.bench.${index}@example.com`);
    const tokens = { with: '', without: '' };
    for (const key of ['with', 'without'] as const) {
      const workspace = workbench.workspaces.create(SLUGS[key], SLUGS[key]);
      tokens[key] = workspace.token;
      const context = { workspaceId: workspace.id, baseUrl: 'http://127.0.0.1/scim/v2' };
      workbench.db.transaction(() => {
        for (const userName of userNames) workbench.resources.create(context, 'User', { schemas: [URN.user], userName });
      })();
    }
    workbench.faults.importFile(SLUGS.with, { scimWorkbenchFaults: 1, rules: Array.from({ length: 50 }, (_, index) => nonMatchingRule(index)) });
    return { tokens, userNames };
  } finally {
    workbench.close();
  }
}

function nonMatchingRule(index: number): FaultRuleInput {
  const match: FaultRuleInput['match'][] = [
    { methods: ['GET'], resourceTypes: ['Users'], filter: { contains: `externalId eq "never-${index}"` } },
    { methods: ['GET'], resourceTypes: ['Users'], filter: { regex: `^userName eq "never-${index}@` } },
    { methods: ['GET'], resourceTypes: ['Users'], clients: ['entra'] },
    { methods: ['GET'], path: `/Users/never-${index}` },
    { methods: ['POST', 'PATCH'], resourceTypes: ['Users', 'Groups'] },
  ];
  return { name: `never ${index}`, match: match[index % match.length], action: { kind: 'status', status: 500 } };
}

const lookups = (seed: FaultBenchSeed, slug: string, token: string, origin: string): LoadTarget => {
  const next = scattered(seed.userNames.length);
  return {
    origin,
    headers: { authorization: `Bearer ${token}` },
    next: () => ({ method: 'GET', path: `/w/${slug}/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${seed.userNames[next()]}"`)}` }),
  };
};

export const faultRulesScenario: Scenario = {
  name: 'fault_rules_50',
  label: 'GET /Users?filter= with 50 fault rules (ratio: to no rules)',
  target: { kind: 'ratio', min: 0.95 },
  requests: () => () => ({ method: 'GET', path: '/' }),
  expect: { status: 200 },
};

export async function measureFaultRules(origin: string, seed: FaultBenchSeed, load: LoadOptions): Promise<ScenarioOutcome> {
  const subject = lookups(seed, SLUGS.with, seed.tokens.with, origin);
  const baseline = lookups(seed, SLUGS.without, seed.tokens.without, origin);
  // One lookup each first: a rule that matched by mistake would answer 500 here.
  let problem: string | undefined;
  for (const target of [subject, baseline]) {
    const request = target.next();
    const response = await fetch(`${origin}${request.path}`, { headers: target.headers });
    if (response.status !== 200) problem = `${request.path} answered ${response.status}`;
  }
  const measured = await measureBeside(subject, baseline, load);
  const ratio = measured.baseline.requestsPerSecond > 0 ? measured.subject.requestsPerSecond / measured.baseline.requestsPerSecond : 0;
  return { scenario: faultRulesScenario, result: measured.subject, baseline: measured.baseline, ratio, problem };
}
