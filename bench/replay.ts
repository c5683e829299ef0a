import { join } from 'node:path';
import { replay } from '../src/engine/replay/replayer';
import { ReplayTransport } from '../src/engine/replay/replay-transport';
import { stepsFromExchanges, type ReplayStep } from '../src/engine/replay/replay-steps';
import type { ReplayReport } from '../src/shared/replay';
import { URN } from '../src/engine/scim/urns';
import { openWorkbench } from '../src/engine/workbench';
import { startServerChild, type ChildOptions } from './processes';

/** The issue's goal for a replay (at the bench's concurrency; the sequential figure is reported beside it). */
export const REPLAY_GOAL_PER_S = 1000;

/** The bench's `--replay-concurrency` default: what `replay --concurrency` is measured at. */
export const REPLAY_BENCH_CONCURRENCY = 4;

export interface ReplayBenchResult {
  exchanges: number;
  /** The same requests sent plainly, one at a time, when they were recorded: the baseline. */
  plainPerSecond: number;
  /** One step at a time, in recorded order (concurrency 1). */
  sequentialPerSecond: number;
  /** `concurrency` steps in flight, independent ones side by side. */
  replayPerSecond: number;
  concurrency: number;
  /** replayPerSecond / plainPerSecond. */
  ratio: number;
  /** Steps that differed, in either replay. */
  differed: number;
  /** Whether the concurrent report equals the sequential one, step by step (status, match, differences). */
  sameReport: boolean;
}

function tokenOf(dbPath: string): string {
  const workbench = openWorkbench({ dbPath });
  try {
    return workbench.workspaces.ensureDefault().token;
  } finally {
    workbench.close();
  }
}

/**
 * Records an Okta-shaped session of `count` exchanges on one SCIM server child (lookup, create,
 * update, read per user, sent one at a time), then replays it against a fresh child with id
 * rewriting and comparison, one step at a time and then `concurrency` at a time (each user's four
 * steps depend on each other, users do not). The rates come from the same run, so the sequential
 * one's ratio to sending the requests plainly is what replay's bookkeeping costs.
 */
export async function measureReplay(
  workDir: string,
  count: number,
  concurrency: number,
  log: (line: string) => void,
  childOptions: ChildOptions = {},
): Promise<ReplayBenchResult> {
  const recordedDb = join(workDir, 'replay-recorded.db');
  const recordedToken = tokenOf(recordedDb);
  const recorder = await startServerChild('./scim-server.ts', [recordedDb]);
  const users = Math.max(1, Math.floor(count / 4));
  const headers = { authorization: `Bearer ${recordedToken}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' };
  // The replayer's own transport, so the ratio is what replay adds to sending the same requests.
  const transport = new ReplayTransport();
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await transport.send(`${recorder.origin}/scim/v2${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 30_000,
    });
    return JSON.parse(response.text) as { id?: string };
  };
  const started = performance.now();
  try {
    for (let n = 0; n < users; n++) {
      const userName = `replay.user${n}@example.com`;
      await send('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
      const created = await send('POST', '/Users', { schemas: [URN.user], userName, name: { givenName: `User${n}`, familyName: 'Replay' }, active: true });
      await send('PATCH', `/Users/${created.id}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { displayName: `User ${n}` } }] });
      await send('GET', `/Users/${created.id}`);
      if ((n + 1) % Math.max(1, Math.floor(users / 10)) === 0) log(`recording the replay session: ${(n + 1) * 4}/${users * 4}`);
    }
  } finally {
    transport.close();
    await recorder.stop();
  }
  const plainSeconds = (performance.now() - started) / 1000;

  const workbench = openWorkbench({ dbPath: recordedDb });
  const steps = stepsFromExchanges(workbench.recordings.sessionExchanges(workbench.recordings.currentSessionId()));
  workbench.close();

  const sequential = await replayOnce(workDir, 'replay-target-sequential.db', steps, 1, log, childOptions);
  const concurrent = await replayOnce(workDir, 'replay-target-concurrent.db', steps, concurrency, log, childOptions);
  const plainPerSecond = steps.length / plainSeconds;
  const comparable = (report: ReplayReport) => report.steps.map(({ index, status, matched, differences }) => ({ index, status, matched, differences }));
  return {
    exchanges: steps.length,
    plainPerSecond,
    sequentialPerSecond: sequential.perSecond,
    replayPerSecond: concurrent.perSecond,
    concurrency,
    ratio: concurrent.perSecond / plainPerSecond,
    differed: sequential.report.differed + concurrent.report.differed,
    sameReport: JSON.stringify(comparable(sequential.report)) === JSON.stringify(comparable(concurrent.report)),
  };
}

/** The steps replayed against a fresh server child at the given concurrency. */
async function replayOnce(
  workDir: string,
  file: string,
  steps: ReplayStep[],
  concurrency: number,
  log: (line: string) => void,
  childOptions: ChildOptions,
): Promise<{ report: ReplayReport; perSecond: number }> {
  const targetDb = join(workDir, file);
  const targetToken = tokenOf(targetDb);
  const target = await startServerChild('./scim-server.ts', [targetDb], childOptions);
  let lastTenth = 0;
  const started = performance.now();
  try {
    const report = await replay(steps, {
      baseUrl: `${target.origin}/scim/v2`,
      auth: { kind: 'bearer', token: targetToken },
      concurrency,
      onProgress: ({ done, total }) => {
        const tenth = Math.floor((done * 10) / total);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          log(`replaying at concurrency ${concurrency}: ${done}/${total}`);
        }
      },
    });
    return { report, perSecond: report.run / ((performance.now() - started) / 1000) };
  } finally {
    await target.stop();
  }
}
