import { join } from 'node:path';
import { replay } from '../src/engine/replay/replayer';
import { ReplayTransport } from '../src/engine/replay/replay-transport';
import { stepsFromExchanges } from '../src/engine/replay/replay-steps';
import { URN } from '../src/engine/scim/urns';
import { openWorkbench } from '../src/engine/workbench';
import { processCpuMs } from './process-cpu';
import { startServerChild, type ChildOptions, type ServerChild } from './processes';

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
  /** CPU time per exchange (ms), of the target server child and of this process (the sender), per way of sending. */
  cpuMsPerExchange: Record<'plain' | 'sequential' | 'concurrent', { server: number; sender: number }>;
}

function tokenOf(dbPath: string): string {
  const workbench = openWorkbench({ dbPath });
  try {
    return workbench.workspaces.ensureDefault().token;
  } finally {
    workbench.close();
  }
}

/** The requests of one user in the recorded session: lookup, create, update, read. */
async function sendUser(send: (method: string, path: string, body?: unknown) => Promise<{ id?: string }>, n: number): Promise<void> {
  const userName = `replay.user${n}@example.com`;
  await send('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
  const created = await send('POST', '/Users', { schemas: [URN.user], userName, name: { givenName: `User${n}`, familyName: 'Replay' }, active: true });
  await send('PATCH', `/Users/${created.id}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { displayName: `User ${n}` } }] });
  await send('GET', `/Users/${created.id}`);
}

interface Target {
  child: ServerChild;
  baseUrl: string;
  token: string;
}

async function startTarget(workDir: string, file: string, childOptions: ChildOptions): Promise<Target> {
  const dbPath = join(workDir, file);
  const token = tokenOf(dbPath);
  const child = await startServerChild('./scim-server.ts', [dbPath], childOptions);
  return { child, baseUrl: `${child.origin}/scim/v2`, token };
}

/** Sends requests plainly (the replayer's own transport, no bookkeeping) with the target's token. */
function plainSender(target: Target, transport: ReplayTransport) {
  const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' };
  return async (method: string, path: string, body?: unknown) => {
    const response = await transport.send(`${target.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 30_000,
    });
    return JSON.parse(response.text) as { id?: string };
  };
}

/** Slices the three ways of sending alternate in, so a machine whose load changes meanwhile weighs on each alike. */
const SLICES = 10;

/**
 * Records an Okta-shaped session of `count` exchanges on one SCIM server child (lookup, create,
 * update, read per user, sent one at a time). Then, each against a fresh child of its own and in
 * alternating slices of the users: the same requests sent plainly one at a time (the baseline),
 * the session replayed one step at a time, and replayed `concurrency` steps at a time (each user's
 * four steps depend on each other, users do not). The sequential replay's ratio to the plain
 * sending is what replay's bookkeeping costs; the concurrent one's is what concurrency gains.
 */
export async function measureReplay(
  workDir: string,
  count: number,
  concurrency: number,
  log: (line: string) => void,
  childOptions: ChildOptions = {},
): Promise<ReplayBenchResult> {
  const users = Math.max(1, Math.floor(count / 4));
  const recorder = await startTarget(workDir, 'replay-recorded.db', {});
  const recording = new ReplayTransport();
  try {
    const send = plainSender(recorder, recording);
    for (let n = 0; n < users; n++) {
      await sendUser(send, n);
      if ((n + 1) % Math.max(1, Math.floor(users / 10)) === 0) log(`recording the replay session: ${(n + 1) * 4}/${users * 4}`);
    }
  } finally {
    recording.close();
    await recorder.child.stop();
  }
  const workbench = openWorkbench({ dbPath: join(workDir, 'replay-recorded.db') });
  const steps = stepsFromExchanges(workbench.recordings.sessionExchanges(workbench.recordings.currentSessionId()));
  workbench.close();
  if (steps.length !== users * 4) throw new Error(`The recorded session holds ${steps.length} exchanges, not ${users * 4}.`);

  const targets = {
    plain: await startTarget(workDir, 'replay-plain.db', childOptions),
    sequential: await startTarget(workDir, 'replay-target-sequential.db', childOptions),
    concurrent: await startTarget(workDir, 'replay-target-concurrent.db', childOptions),
  };
  const seconds = { plain: 0, sequential: 0, concurrent: 0 };
  const cpu = { plain: { server: 0, sender: 0 }, sequential: { server: 0, sender: 0 }, concurrent: { server: 0, sender: 0 } };
  const outcomes = { sequential: [] as unknown[], concurrent: [] as unknown[] };
  let differed = 0;
  const plainTransport = new ReplayTransport();
  try {
    const sendPlain = plainSender(targets.plain, plainTransport);
    const kinds = ['plain', 'sequential', 'concurrent'] as const;
    for (let slice = 0; slice < SLICES; slice++) {
      const from = Math.floor((users * slice) / SLICES);
      const to = Math.floor((users * (slice + 1)) / SLICES);
      if (from === to) continue;
      for (let turn = 0; turn < kinds.length; turn++) {
        const kind = kinds[(slice + turn) % kinds.length]!;
        const started = performance.now();
        const serverBefore = processCpuMs(targets[kind].child.pid);
        const senderBefore = process.cpuUsage();
        if (kind === 'plain') {
          for (let n = from; n < to; n++) await sendUser(sendPlain, n);
        } else {
          const target = targets[kind];
          // Each user's steps are self-contained, so a slice replays on its own (its own id map).
          const report = await replay(steps.slice(from * 4, to * 4), {
            baseUrl: target.baseUrl,
            auth: { kind: 'bearer', token: target.token },
            concurrency: kind === 'concurrent' ? concurrency : 1,
          });
          differed += report.differed;
          outcomes[kind].push(...report.steps.map(({ index, status, matched, differences }) => ({ index: index + from * 4, status, matched, differences })));
        }
        seconds[kind] += (performance.now() - started) / 1000;
        const sender = process.cpuUsage(senderBefore);
        cpu[kind].sender += (sender.user + sender.system) / 1000;
        cpu[kind].server += processCpuMs(targets[kind].child.pid) - serverBefore;
      }
      log(`sent plainly, replayed one at a time and at concurrency ${concurrency}: ${to * 4}/${steps.length}`);
    }
  } finally {
    plainTransport.close();
    await Promise.all(Object.values(targets).map((target) => target.child.stop()));
  }
  const plainPerSecond = steps.length / seconds.plain;
  const replayPerSecond = steps.length / seconds.concurrent;
  return {
    exchanges: steps.length,
    plainPerSecond,
    sequentialPerSecond: steps.length / seconds.sequential,
    replayPerSecond,
    concurrency,
    ratio: replayPerSecond / plainPerSecond,
    differed,
    sameReport: JSON.stringify(outcomes.sequential) === JSON.stringify(outcomes.concurrent),
    cpuMsPerExchange: Object.fromEntries(
      Object.entries(cpu).map(([kind, { server, sender }]) => [kind, { server: server / steps.length, sender: sender / steps.length }]),
    ) as ReplayBenchResult['cpuMsPerExchange'],
  };
}
