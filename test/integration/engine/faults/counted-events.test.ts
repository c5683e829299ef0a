import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { FaultsCounted } from '../../../../src/shared/faults';
import type { RequestFacts } from '../../../../src/engine/faults/compile-rule';
import { openWorkbench, type Workbench } from '../../../../src/engine/workbench';

/**
 * `counted` tells an open Faults view that rule counters moved: at most once a second, naming the
 * workspaces, only while someone listens, and never once the listener is closing (the timer would
 * read a database about to close).
 */
let workbench: Workbench;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  workbench = openWorkbench({ dbPath: ':memory:' });
  workbench.workspaces.create('chaos', 'Chaos');
  workbench.faults.create('chaos', { name: 'teapot', match: { methods: ['POST'] }, action: { kind: 'status', status: 418 } });
});
afterEach(() => {
  workbench.close();
  vi.useRealTimers();
});

const post = (): RequestFacts => ({
  method: 'POST',
  resourceType: 'Users',
  path: '/Users',
  filter: undefined,
  filterLower: undefined,
  client: 'okta',
  now: Date.now(),
});
const chaosId = () => workbench.workspaces.find('chaos')!.id;

it('says once a second which workspaces had requests checked against their rules', () => {
  const heard: FaultsCounted[] = [];
  workbench.faults.on('counted', (counted: FaultsCounted) => heard.push(counted));
  for (let request = 0; request < 5; request++) workbench.faults.decide(chaosId(), post);
  expect(heard).toEqual([]);
  vi.advanceTimersByTime(1000);
  expect(heard).toEqual([{ workspaces: ['chaos'] }]);
  vi.advanceTimersByTime(5000);
  expect(heard).toHaveLength(1);
});

it('says nothing once the listener is closing, even for a request decided after', () => {
  const heard: FaultsCounted[] = [];
  workbench.faults.on('counted', (counted: FaultsCounted) => heard.push(counted));
  workbench.faults.decide(chaosId(), post);
  workbench.faults.stopHolding();
  workbench.faults.decide(chaosId(), post);
  vi.advanceTimersByTime(5000);
  expect(heard).toEqual([]);
});
