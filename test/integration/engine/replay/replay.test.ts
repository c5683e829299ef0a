import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayProgress } from '../../../../src/shared/replay';
import { replay } from '../../../../src/engine/replay/replayer';
import { stepsFromExchanges, type ReplayStep } from '../../../../src/engine/replay/replay-steps';
import { reportToMarkdown } from '../../../../src/engine/replay/replay-report';
import { playOktaSession } from '../../../support/okta-session';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { refusedPort } from '../../../support/ports';

/**
 * A session recorded on one workbench, replayed over HTTP against others: a fresh one gives no
 * difference (ids rewritten everywhere), a differently configured one gives exactly its
 * differences, and a replay can be cancelled or stopped at the first difference.
 */
let recordedOn: ScimTestServer;
let steps: ReplayStep[];

beforeAll(async () => {
  recordedOn = await startScimServer();
  await playOktaSession(recordedOn);
  const { items } = recordedOn.app.workbench.recordings.listExchanges({ limit: 1000 });
  steps = stepsFromExchanges([...items].reverse());
});
afterAll(async () => {
  await recordedOn.close();
});

describe('replay against a fresh workbench', () => {
  it('matches every step, with ids rewritten in paths, filters and member references', async () => {
    const target = await startScimServer();
    try {
      const progress: ReplayProgress[] = [];
      const report = await replay(steps, { baseUrl: target.baseUrl, auth: { kind: 'bearer', token: target.token }, onProgress: (p) => progress.push(p) });
      const differing = report.steps.filter((step) => !step.matched);
      expect(differing).toEqual([]);
      expect(report).toMatchObject({ total: steps.length, run: steps.length, matched: steps.length, differed: 0, cancelled: false });
      // Three users and a group were created there under new ids, and used by the later steps.
      expect(Object.keys(report.idMap)).toHaveLength(4);
      for (const [recorded, replayed] of Object.entries(report.idMap)) expect(recorded).not.toBe(replayed);
      const removal = report.steps.find(
        (step) => step.method === 'PATCH' && step.path.startsWith('/Groups/') && steps[step.index]!.body!.includes('members[value eq'),
      )!;
      const recordedUser = JSON.parse(steps[removal.index]!.body!).Operations[0].path.match(/"(.+)"/)[1] as string;
      expect(report.idMap[recordedUser]).toBeDefined();
      // The target holds what the recording did: 3 users, one inactive, the group deleted.
      const users = (await target.request('GET', '/Users')).body;
      expect(users.totalResults).toBe(3);
      expect(users.Resources.filter((user: { active: boolean }) => user.active === false)).toHaveLength(1);
      expect((await target.request('GET', '/Groups')).body.totalResults).toBe(0);
      // Progress was reported step by step.
      expect(progress.at(-1)).toMatchObject({ done: steps.length, total: steps.length, differed: 0 });
      // The replayed requests are recorded there, linked to the originals.
      const replayed = target.app.workbench.recordings.listExchanges({ limit: 10, method: 'DELETE' }).items[0]!;
      expect(replayed.request.headers.find(([name]) => name === 'x-scim-workbench-replay-of')?.[1]).toBe(String(steps.at(-1)!.sourceId));
      expect(replayed.request.headers.find(([name]) => name === 'authorization')?.[1]).toBe('Bearer [redacted]');
    } finally {
      await target.close();
    }
  });
});

describe('replay against a server that behaves differently', () => {
  it("reports the differences in words: a strict workspace refusing Okta's id echo", async () => {
    const target = await startScimServer();
    try {
      target.app.workbench.workspaces.configure('default', { compatibility: 'strict' });
      const report = await replay(steps, { baseUrl: target.baseUrl, auth: { kind: 'bearer', token: target.token } });
      expect(report.differed).toBeGreaterThan(0);
      const rename = report.steps.find((step) => step.method === 'PATCH' && steps[step.index]!.body!.includes('(renamed)'))!;
      expect(rename.matched).toBe(false);
      expect(rename.differences[0]).toMatchObject({ path: 'status', message: `status 400, recorded ${steps[rename.index]!.recorded.status}` });
      const markdown = reportToMarkdown(report);
      expect(markdown).toContain(`**${report.matched} matched, ${report.differed} differed**`);
      expect(markdown).toContain(`## Step ${rename.index + 1}: PATCH ${rename.path}`);
    } finally {
      await target.close();
    }
  });

  it('stops at the first difference when asked, and reports a target that refuses the token', async () => {
    const target = await startScimServer();
    try {
      const report = await replay(steps, { baseUrl: target.baseUrl, auth: { kind: 'bearer', token: 'wrong' }, stopOnFirstDifference: true });
      expect(report).toMatchObject({ run: 1, differed: 1, stoppedEarly: true, cancelled: false });
      expect(report.steps[0]!.differences[0]).toMatchObject({ path: 'status', replayed: 401 });
    } finally {
      await target.close();
    }
  });

  it('says when the target cannot be reached, and stops there', async () => {
    const nothing = await refusedPort();
    const baseUrl = `http://127.0.0.1:${nothing.port}/scim/v2`;
    const report = await replay(steps.slice(0, 3), { baseUrl, auth: { kind: 'none' } }).finally(nothing.close);
    expect(report.steps[0]).toMatchObject({ matched: false, error: expect.stringContaining('ECONNREFUSED') });
    expect(report).toMatchObject({ run: 1, total: 3, unreachable: expect.stringContaining(`Cannot reach ${baseUrl}: connection refused.`) });
  });
});

describe('cancel', () => {
  it('stops between steps when cancelled, keeping what ran', async () => {
    const target = await startScimServer();
    try {
      const controller = new AbortController();
      const report = await replay(steps, {
        baseUrl: target.baseUrl,
        auth: { kind: 'bearer', token: target.token },
        signal: controller.signal,
        onStep: (step) => {
          if (step.index === 4) controller.abort();
        },
      });
      expect(report).toMatchObject({ run: 5, cancelled: true, differed: 0 });
    } finally {
      await target.close();
    }
  });

  it('paces at a fixed rate', async () => {
    const target = await startScimServer();
    try {
      const started = Date.now();
      const report = await replay(steps.slice(0, 3), {
        baseUrl: target.baseUrl,
        auth: { kind: 'bearer', token: target.token },
        pacing: { kind: 'rate', perSecond: 20 },
      });
      expect(report.run).toBe(3);
      // Two pauses of 50 ms between three steps: a lower bound, never an upper one.
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    } finally {
      await target.close();
    }
  });
});
