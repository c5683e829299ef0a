import type { ReplayAuth, ReplayPacing, ReplayProgress, ReplayReport, ReplayStepResult } from '../../shared/replay';
import { REPLAY_OF_HEADER } from '../../shared/replay';
import { APPLY_FAULTS_HEADER } from '../../shared/faults';
import { WORKBENCH_VERSION } from '../version';
import { compareResponses, parseBody, type ParsedBody } from './compare';
import { IdMap } from './id-map';
import { authHeadersFor, sleep } from '../client/scim-client';
import type { ReplayStep } from './replay-steps';
import { redactBody } from '../recorder/redact';
import type { SecretNames } from '../recorder/secret-names';
import { ReplayTransport } from './replay-transport';
import { runConcurrently } from './concurrent-steps';
import { stepDependencies } from './step-dependencies';
import { unreachableTarget } from '../client/unreachable';

export interface ReplayOptions {
  /** The target's SCIM base URL, e.g. `http://127.0.0.1:8787/scim/v2` or `https://scim.example.com/v2`. */
  baseUrl: string;
  auth: ReplayAuth;
  pacing?: ReplayPacing;
  stopOnFirstDifference?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ReplayProgress) => void;
  onStep?: (step: ReplayStepResult) => void;
  /** Per request (ms). */
  timeoutMs?: number;
  /** What is redacted from the target's answers before they reach the report; the built-in names by default. */
  secrets?: SecretNames;
  /** Sent with every request besides the recorded ones (the key of the replay's own session, see replay-sessions.ts). */
  headers?: Record<string, string>;
  /** Let the target workbench's fault rules act on the replayed requests (shared/faults.ts); by default they are kept out. */
  applyFaults?: boolean;
  /**
   * Requests in flight at once (default 1: one at a time, in recorded order). Above 1, steps that
   * cannot affect each other's answers run side by side (step-dependencies.ts) and the report is
   * the one a sequential replay gives, in recorded order. Only with "fast" pacing and without
   * applyFaults: a paced replay keeps the recorded order of arrival, and fault rules count and
   * draw their chances in the order requests arrive.
   */
  concurrency?: number;
}

/** The concurrency a replay with these options runs at: 1 where order of arrival matters. */
export function effectiveConcurrency(options: Pick<ReplayOptions, 'concurrency' | 'pacing' | 'applyFaults'>): number {
  const asked = Math.max(1, Math.floor(options.concurrency ?? 1));
  if (options.applyFaults || (options.pacing !== undefined && options.pacing.kind !== 'fast')) return 1;
  return asked;
}

/**
 * Sends recorded steps to a SCIM server in their recorded order (or several at a time, see
 * `concurrency`), rewriting recorded ids into the target's as it learns them, and compares each
 * answer with the recorded one. Cancel through the signal: the steps in flight finish, no further
 * step starts.
 */
export async function replay(steps: readonly ReplayStep[], options: ReplayOptions): Promise<ReplayReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const ids = new IdMap();
  const results: ReplayStepResult[] = [];
  const base = options.baseUrl.replace(/\/+$/, '');
  let differed = 0;
  let stoppedEarly = false;
  // A target nothing listens on fails every step the same way: the replay stops at the first and says it once.
  let unreachable: string | undefined;
  const progress = (current?: string) => options.onProgress?.({ done: results.length, total: steps.length, differed, ...(current && { current }) });
  progress();
  const concurrency = effectiveConcurrency(options);
  const transport = new ReplayTransport(concurrency);
  const report = (result: ReplayStepResult) => {
    results.push(result);
    unreachable ??= result.unreachable;
    if (!result.matched) differed += 1;
    options.onStep?.(result);
    progress(`${result.method} ${result.path}`);
  };
  try {
    if (concurrency > 1) {
      const outcome = await runConcurrently(steps.length, (index) => runStep(index, steps[index]!, base, ids, { ...options, transport }), {
        concurrency,
        dependencies: stepDependencies(steps),
        mayStart: () => !options.signal?.aborted && unreachable === undefined,
        stopOnFirstDifference: options.stopOnFirstDifference,
        onResult: report,
      });
      stoppedEarly = outcome.stoppedAt !== undefined;
    } else {
      for (const [index, step] of steps.entries()) {
        if (options.signal?.aborted) break;
        if (index > 0) await pause(options.pacing, steps[index - 1]!, step, options.signal);
        if (options.signal?.aborted) break;
        const result = await runStep(index, step, base, ids, { ...options, transport });
        report(result);
        if (unreachable !== undefined) break;
        if (!result.matched && options.stopOnFirstDifference) {
          stoppedEarly = true;
          break;
        }
      }
    }
  } finally {
    transport.close();
  }
  return {
    target: base,
    startedAt,
    durationMs: performance.now() - started,
    total: steps.length,
    run: results.length,
    matched: results.length - differed,
    differed,
    cancelled: Boolean(options.signal?.aborted) && results.length < steps.length && !stoppedEarly,
    stoppedEarly,
    ...(unreachable !== undefined && { unreachable }),
    steps: results,
    idMap: ids.entries(),
  };
}

export async function runStep(
  index: number,
  step: ReplayStep,
  base: string,
  ids: IdMap,
  options: Pick<ReplayOptions, 'auth' | 'timeoutMs' | 'secrets' | 'headers' | 'applyFaults'> & {
    transport?: ReplayTransport;
  },
): Promise<ReplayStepResult> {
  const path = ids.rewritePath(step.path);
  const body = ids.rewriteBody(step.body);
  let credentials: Record<string, string>;
  try {
    credentials = await authHeadersFor(options.auth);
  } catch (error) {
    const reason = (error as Error).message;
    return {
      index,
      ...(step.sourceId !== undefined && { sourceId: step.sourceId }),
      method: step.method,
      path,
      recordedStatus: step.recorded.status,
      error: reason,
      durationMs: 0,
      matched: false,
      differences: [{ path: 'request', message: reason }],
    };
  }
  const headers: Record<string, string> = {
    ...step.headers,
    ...credentials,
    ...options.headers,
    [REPLAY_OF_HEADER]: step.sourceId === undefined ? 'file' : String(step.sourceId),
    ...(options.applyFaults && { [APPLY_FAULTS_HEADER]: 'true' }),
  };
  // The recorded client's User-Agent is kept (a workspace in auto mode reads habits from it); the replayer names itself after it.
  headers['user-agent'] = `${step.headers['user-agent'] ?? 'unknown client'} (replayed by scim-workbench/${WORKBENCH_VERSION})`;
  if (body !== null && !headers['content-type']) headers['content-type'] = 'application/scim+json';
  const startedAt = performance.now();
  const common = { index, ...(step.sourceId !== undefined && { sourceId: step.sourceId }), method: step.method, path, recordedStatus: step.recorded.status };
  let response: { status: number; text: string };
  // One step on its own (the inspector's "replay this exchange") gets a transport of its own.
  const transport = options.transport ?? new ReplayTransport();
  try {
    response = await transport.send(`${base}${path}`, {
      method: step.method,
      headers,
      body: body === null || step.method === 'GET' || step.method === 'DELETE' ? undefined : body,
      timeoutMs: options.timeoutMs ?? 30_000,
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${(options.timeoutMs ?? 30_000) / 1000} s`
        : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
    // node:http's errors carry their code themselves, fetch's in their cause.
    const cannotReach = unreachableTarget(base, (error as { cause?: unknown }).cause === undefined ? { cause: error } : error);
    return {
      ...common,
      error: reason,
      ...(cannotReach && { unreachable: cannotReach.message }),
      durationMs: performance.now() - startedAt,
      matched: false,
      differences: [{ path: 'request', message: `the request did not get through: ${reason}` }],
    };
  } finally {
    if (!options.transport) transport.close();
  }
  const { text } = response;
  // The target's answer goes into a report the user sees and may save: its secrets are redacted as a recording's are.
  const replayed = { status: response.status, body: redactBody(text === '' ? null : text, options.secrets) };
  // Each body is parsed once, for learning ids and for the comparison.
  const parsed = { recorded: parseBody(step.recorded.body), replayed: parseBody(replayed.body) };
  const valueOf = (body: ParsedBody) => (body.kind === 'json' ? body.value : undefined);
  ids.learnFromBodies(valueOf(parsed.recorded), valueOf(parsed.replayed));
  const differences = compareResponses(step.recorded, replayed, ids, parsed);
  return { ...common, status: response.status, durationMs: performance.now() - startedAt, matched: differences.length === 0, differences };
}

async function pause(pacing: ReplayPacing | undefined, previous: ReplayStep, next: ReplayStep, signal?: AbortSignal): Promise<void> {
  let ms = 0;
  if (pacing?.kind === 'rate') ms = 1000 / Math.max(0.01, pacing.perSecond);
  if (pacing?.kind === 'recorded') ms = Math.min(pacing.maxGapMs ?? 10_000, Math.max(0, Date.parse(next.startedAt) - Date.parse(previous.startedAt)));
  if (ms <= 0) return;
  await sleep(ms, signal);
}
