import { join } from 'node:path';
import { replay } from '../src/engine/replay/replayer';
import { ReplayTransport } from '../src/engine/replay/replay-transport';
import { stepsFromExchanges } from '../src/engine/replay/replay-steps';
import { URN } from '../src/engine/scim/urns';
import { openWorkbench } from '../src/engine/workbench';
import { startServerChild, type ChildOptions } from './processes';

/** The issue's goal for a replay (one request at a time, as recorded). */
export const REPLAY_GOAL_PER_S = 1000;

export interface ReplayBenchResult {
  exchanges: number;
  /** The same requests sent plainly, one at a time, when they were recorded: the baseline. */
  plainPerSecond: number;
  replayPerSecond: number;
  ratio: number;
  differed: number;
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
 * rewriting and comparison. Both rates come from the same run, so their ratio is what replay's
 * bookkeeping costs over sending the requests plainly.
 */
export async function measureReplay(workDir: string, count: number, log: (line: string) => void, childOptions: ChildOptions = {}): Promise<ReplayBenchResult> {
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
  let started = performance.now();
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

  const targetDb = join(workDir, 'replay-target.db');
  const targetToken = tokenOf(targetDb);
  const target = await startServerChild('./scim-server.ts', [targetDb], childOptions);
  let lastTenth = 0;
  started = performance.now();
  try {
    const report = await replay(steps, {
      baseUrl: `${target.origin}/scim/v2`,
      auth: { kind: 'bearer', token: targetToken },
      onProgress: ({ done, total }) => {
        const tenth = Math.floor((done * 10) / total);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          log(`replaying: ${done}/${total}`);
        }
      },
    });
    const replaySeconds = (performance.now() - started) / 1000;
    const plainPerSecond = steps.length / plainSeconds;
    const replayPerSecond = report.run / replaySeconds;
    return { exchanges: steps.length, plainPerSecond, replayPerSecond, ratio: replayPerSecond / plainPerSecond, differed: report.differed };
  } finally {
    await target.stop();
  }
}
