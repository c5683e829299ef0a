import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayReport } from '../../../../src/shared/replay';
import { REPLAY_OF_HEADER } from '../../../../src/shared/replay';
import { replay } from '../../../../src/engine/replay/replayer';
import { stepsFromExchanges, type ReplayStep } from '../../../../src/engine/replay/replay-steps';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * A session recorded on one workbench (lookups, creates, patches of the same user, member adds
 * of created users, a list in the middle, a rename, deletes), replayed several steps at a time
 * against other workbenches: the report is the sequential replay's, step by step and in recorded
 * order, whether every step matches or the target behaves differently.
 */
const USERS = 6;
let recordedOn: ScimTestServer;
let steps: ReplayStep[];

async function recordSession(server: ScimTestServer): Promise<void> {
  const ids: string[] = [];
  const patch = (...operations: unknown[]) => ({ schemas: [URN.patchOp], Operations: operations });
  for (let n = 0; n < USERS; n++) {
    const userName = `user${n}@example.com`;
    await server.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    const created = await server.request('POST', '/Users', { schemas: [URN.user], userName, name: { givenName: `U${n}`, familyName: 'Test' }, active: true });
    expect(created.status).toBe(201);
    ids.push(created.body.id);
    await server.request('PATCH', `/Users/${created.body.id}`, patch({ op: 'replace', value: { displayName: `User ${n}` } }));
    await server.request('PATCH', `/Users/${created.body.id}`, patch({ op: 'replace', path: 'title', value: `Engineer ${n}` }));
  }
  const group = await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Engineering' });
  const members = (...indexes: number[]) => indexes.map((index) => ({ value: ids[index] }));
  await server.request('PATCH', `/Groups/${group.body.id}`, patch({ op: 'add', path: 'members', value: members(0, 1, 2) }));
  await server.request('GET', `/Users?filter=${encodeURIComponent('active eq true')}&sortBy=userName`);
  await server.request('PATCH', `/Groups/${group.body.id}`, patch({ op: 'add', path: 'members', value: members(3) }));
  await server.request('PATCH', `/Groups/${group.body.id}`, patch({ op: 'remove', path: `members[value eq "${ids[0]}"]` }));
  await server.request('GET', `/Users/${ids[1]}`);
  await server.request('GET', `/Groups/${group.body.id}`);
  await server.request('PATCH', `/Users/${ids[2]}`, patch({ op: 'replace', path: 'userName', value: 'renamed2@example.com' }));
  await server.request('GET', `/Users?filter=${encodeURIComponent('userName eq "user2@example.com"')}`);
  await server.request('DELETE', `/Users/${ids[4]}`);
  await server.request('DELETE', `/Groups/${group.body.id}`);
  await server.request('DELETE', `/Users/${ids[5]}`);
  await server.request('GET', `/Users/${ids[1]}`);
  await server.request('GET', `/Users/${ids[3]}`);
}

beforeAll(async () => {
  recordedOn = await startScimServer();
  await recordSession(recordedOn);
  const { items } = recordedOn.app.workbench.recordings.listExchanges({ limit: 1000 });
  steps = stepsFromExchanges([...items].reverse());
  expect(steps).toHaveLength(USERS * 4 + 14);
});
afterAll(async () => {
  await recordedOn.close();
});

/** What must be the same in two reports: each step's index, status and verdict, in order. */
function outcome(report: ReplayReport) {
  return report.steps.map(({ index, method, status, matched, differences }) => ({ index, method, status, matched, differences }));
}

const options = (target: ScimTestServer) => ({ baseUrl: target.baseUrl, auth: { kind: 'bearer' as const, token: target.token } });

/**
 * A pass-through to the target that holds the first request until a second one has arrived: a
 * replay that sends one request at a time never gets past it (it fails at the deadline, saying so).
 */
async function concurrencyGate(
  target: ScimTestServer,
  deadlineMs = 10_000,
): Promise<{ baseUrl: string; maxInFlight: () => number; close: () => Promise<void> }> {
  let inFlight = 0;
  let maxInFlight = 0;
  let held = false;
  let secondArrived: () => void = () => {};
  const second = new Promise<void>((resolve) => (secondArrived = resolve));
  const server: Server = createServer((incoming, outgoing) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (inFlight >= 2) secondArrived();
    const forward = () =>
      incoming.pipe(
        httpRequest(`${target.origin}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          outgoing.on('finish', () => (inFlight -= 1));
        }),
      );
    if (held) return forward();
    held = true;
    const deadline = setTimeout(() => {
      outgoing.writeHead(599).end(`no second request arrived within ${deadlineMs} ms while the first was held: the replay sent one at a time`);
      inFlight -= 1;
    }, deadlineMs);
    void second.then(() => {
      clearTimeout(deadline);
      if (!outgoing.headersSent) forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    maxInFlight: () => maxInFlight,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The recorded exchange ids of the replayed requests a target received (the link header each carried). */
async function receivedSourceIds(target: ScimTestServer, expected: number): Promise<number[]> {
  const read = () =>
    target.app.workbench.recordings
      .listExchanges({ limit: 1000 })
      .items.map((exchange) => exchange.request.headers.find(([name]) => name === REPLAY_OF_HEADER)?.[1])
      .filter((value): value is string => value !== undefined)
      .map(Number);
  await expect.poll(() => read().length, { timeout: 10_000, message: 'the target recorded the replayed requests' }).toBeGreaterThanOrEqual(expected);
  return read().sort((a, b) => a - b);
}

describe('a concurrent replay gives the sequential replay’s report', () => {
  it('every step matched, in recorded order, with requests really sent side by side', async () => {
    const [sequentialTarget, concurrentTarget] = await Promise.all([startScimServer(), startScimServer()]);
    const gate = await concurrencyGate(concurrentTarget);
    try {
      const sequential = await replay(steps, options(sequentialTarget));
      const progress: number[] = [];
      const concurrent = await replay(steps, {
        ...options(concurrentTarget),
        baseUrl: gate.baseUrl,
        concurrency: 4,
        onProgress: ({ done }) => progress.push(done),
      });
      expect(sequential.steps.filter((step) => !step.matched)).toEqual([]);
      expect(outcome(concurrent)).toEqual(outcome(sequential));
      expect(concurrent.steps.map((step) => step.index)).toEqual(steps.map((_, index) => index));
      expect(concurrent).toMatchObject({ total: steps.length, run: steps.length, matched: steps.length, differed: 0, cancelled: false, stoppedEarly: false });
      expect(gate.maxInFlight()).toBeGreaterThan(1);
      // Progress only goes forward, one result at a time.
      expect(progress).toEqual(Array.from({ length: steps.length + 1 }, (_, done) => done));
      // Both targets hold the same users in the end.
      const users = async (target: ScimTestServer) =>
        ((await target.request('GET', '/Users?sortBy=userName')).body.Resources as { userName: string; title?: string; groups?: unknown[] }[]).map(
          ({ userName, title, groups }) => ({ userName, title, groups: groups?.length ?? 0 }),
        );
      expect(await users(concurrentTarget)).toEqual(await users(sequentialTarget));
    } finally {
      await gate.close();
      await Promise.all([sequentialTarget.close(), concurrentTarget.close()]);
    }
  });

  it('finds the same differences on a target that already holds one of the users', async () => {
    const targets = await Promise.all([startScimServer(), startScimServer()]);
    try {
      for (const target of targets)
        expect((await target.request('POST', '/Users', { schemas: [URN.user], userName: 'user3@example.com', active: false })).status).toBe(201);
      const sequential = await replay(steps, options(targets[0]));
      const concurrent = await replay(steps, { ...options(targets[1]), concurrency: 4 });
      // The lookup finds the user the recording did not, the create is refused, and what follows on that user differs.
      const differing = sequential.steps.filter((step) => !step.matched).map((step) => `${step.index} ${step.method} ${step.status}`);
      expect(differing.slice(0, 2)).toEqual(['12 GET 200', '13 POST 409']);
      expect(outcome(concurrent)).toEqual(outcome(sequential));
      expect(concurrent.differed).toBe(sequential.differed);
    } finally {
      await Promise.all(targets.map((target) => target.close()));
    }
  });

  it('stops at the first difference in recorded order: everything before it ran, nothing after it started once it was found', async () => {
    const target = await startScimServer();
    try {
      expect((await target.request('POST', '/Users', { schemas: [URN.user], userName: 'user3@example.com', active: false })).status).toBe(201);
      const concurrency = 4;
      const report = await replay(steps, { ...options(target), concurrency, stopOnFirstDifference: true });
      expect(report).toMatchObject({ stoppedEarly: true, cancelled: false });
      const first = report.steps.find((step) => !step.matched)!;
      expect(first.index).toBe(12);
      const indexes = report.steps.map((step) => step.index);
      expect(indexes.filter((index) => index < first.index)).toEqual(steps.slice(0, first.index).map((_, index) => index));
      // Only steps already in flight when its answer came back ran after it: at most concurrency - 1.
      expect(indexes.filter((index) => index > first.index).length).toBeLessThan(concurrency);
      expect(report.run).toBe(report.steps.length);
      // The target received exactly the reported steps.
      expect(await receivedSourceIds(target, report.run)).toEqual(report.steps.map((step) => step.sourceId).sort((a, b) => a! - b!));
    } finally {
      await target.close();
    }
  });

  it('cancels: steps in flight finish, no further step starts, the report holds what reached the target', async () => {
    const target = await startScimServer();
    try {
      const controller = new AbortController();
      const report = await replay(steps, {
        ...options(target),
        concurrency: 4,
        signal: controller.signal,
        onStep: (step) => {
          if (step.index === 4) controller.abort();
        },
      });
      expect(report).toMatchObject({ cancelled: true, differed: 0 });
      expect(report.run).toBeLessThan(steps.length);
      expect(report.steps.slice(0, 5).map((step) => step.index)).toEqual([0, 1, 2, 3, 4]);
      expect(await receivedSourceIds(target, report.run)).toEqual(report.steps.map((step) => step.sourceId).sort((a, b) => a! - b!));
    } finally {
      await target.close();
    }
  });

  it.each([
    ['paced', { pacing: { kind: 'rate', perSecond: 1000 } as const }],
    ['letting fault rules act', { applyFaults: true }],
  ])('replays one step at a time when %s, whatever the concurrency asked', async (_, mode) => {
    const target = await startScimServer();
    const gate = await concurrencyGate(target, 1_000);
    try {
      // Through the gate a sequential replay's first request waits for a second that never comes, and fails at the deadline.
      const report = await replay(steps.slice(0, 2), { ...options(target), baseUrl: gate.baseUrl, concurrency: 4, ...mode });
      expect(report.steps[0]).toMatchObject({ status: 599 });
      expect(report.steps[1]).toMatchObject({ matched: true });
      expect(gate.maxInFlight()).toBe(1);
    } finally {
      await gate.close();
      await target.close();
    }
  });
});
