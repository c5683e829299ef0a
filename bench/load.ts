import autocannon, { type RawRequest, type RawResult } from 'autocannon';
import { processCpuMs } from './process-cpu';

/** One HTTP endpoint under load: where, with which headers, and the request sequence. */
export interface LoadTarget {
  /** Server origin, `http://127.0.0.1:<port>`. */
  origin: string;
  headers?: Record<string, string>;
  /** The next request to send (method, path, body); called once per request, across all connections. */
  next: () => RawRequest;
  /** The server's process id, when its CPU time per request is to be measured (read from /proc around each slice). */
  pid?: number;
  /**
   * Resolves once the server has done the work it put off (the search indexer's backlog): awaited
   * before its CPU time is read at the start and at the end of a measurement, so the figure holds
   * all the work of the requests measured, whenever the server chose to do it.
   */
  settle?: () => Promise<void>;
}

export interface LoadOptions {
  connections: number;
  /** Measured seconds, for each of the two targets. */
  duration: number;
  /** Seconds of load on the subject before measuring, not counted: lets the server's JIT settle. */
  warmup: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Responses by status code, e.g. `{ "200": 51234 }`. */
  statuses: Record<string, number>;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** The raw autocannon results behind the figures, so that several measurements can be merged. */
  raw: RawResult[];
  /**
   * The server's CPU time (all its threads) per response, in µs, when the target named its pid: on a shared
   * machine the rates drift with what others run, the CPU a request costs much less.
   */
  cpuUsPerRequest?: number;
}

/** One slice of load: autocannon's result, and the server's CPU time meanwhile when its pid is known. */
interface Slice {
  raw: RawResult;
  cpuMs?: number;
}

/** Slices of this many seconds alternate between the subject and the baseline. */
const SLICE_SECONDS = 1;

/**
 * Measures `subject` beside `baseline`, alternating one-second slices between the two
 * (baseline, subject, baseline, …) rather than one long run after the other. On a shared
 * 2-core machine the CPU left to us drifts by a factor of two or more within a minute; with
 * interleaving, both sides of a ratio see the same drift, so the ratio stays meaningful.
 */
export async function measureBeside(subject: LoadTarget, baseline: LoadTarget, options: LoadOptions): Promise<{ subject: LoadResult; baseline: LoadResult }> {
  if (options.warmup > 0) await runSlice(subject, options.connections, options.warmup);
  const subjectRuns: Slice[] = [];
  const baselineRuns: Slice[] = [];
  const slices = Math.max(1, Math.round(options.duration / SLICE_SECONDS));
  for (let slice = 0; slice < slices; slice++) {
    baselineRuns.push(await runSlice(baseline, options.connections, options.duration / slices));
    subjectRuns.push(await runSlice(subject, options.connections, options.duration / slices));
  }
  return { subject: summarizeSlices(subjectRuns, options.connections), baseline: summarizeSlices(baselineRuns, options.connections) };
}

/**
 * measureBeside for any number of targets: each is warmed up, then one slice of each in turn,
 * round after round, so every figure sees the same drift of the machine. Results in `targets` order.
 */
export async function measureInTurn(targets: LoadTarget[], options: LoadOptions): Promise<LoadResult[]> {
  if (options.warmup > 0) for (const target of targets) await runSlice(target, options.connections, options.warmup);
  const runs: Slice[][] = targets.map(() => []);
  // CPU is read over the whole measurement, not only during a target's own slices: work a server
  // puts off (the search indexer catching up on what was recorded) runs while the others have their
  // slices, and leaving it out would make recording look cheaper than it is under sustained load.
  // Settled first too: what the warm-up left unindexed is not the measured requests' work.
  await settleAll(targets);
  const cpuAtStart = targets.map((target) => (target.pid === undefined ? undefined : processCpuMs(target.pid)));
  const slices = Math.max(1, Math.round(options.duration / SLICE_SECONDS));
  for (let slice = 0; slice < slices; slice++) {
    for (const [index, target] of targets.entries()) runs[index]!.push(await runSlice(target, options.connections, options.duration / slices));
  }
  // Work still put off when the last slice ends belongs to the measured requests: done (and counted) before the read.
  await settleAll(targets);
  return runs.map((slices, index) => {
    const pid = targets[index]!.pid;
    const wholeCpuMs = pid === undefined || cpuAtStart[index] === undefined ? undefined : processCpuMs(pid) - cpuAtStart[index];
    return summarizeSlices(slices, options.connections, wholeCpuMs);
  });
}

/** One after the other: a server catching up has the machine to itself, as it would between bursts. */
async function settleAll(targets: LoadTarget[]): Promise<void> {
  for (const target of targets) await target.settle?.();
}

/** Warm-up load whose results are thrown away. */
export async function warmUp(target: LoadTarget, options: LoadOptions): Promise<void> {
  if (options.warmup > 0) await runSlice(target, options.connections, options.warmup);
}

/** `wholeCpuMs`, when given, is the server's CPU over the whole measurement rather than the sum of its slices'. */
function summarizeSlices(slices: Slice[], connections: number, wholeCpuMs?: number): LoadResult {
  const result = summarize(
    slices.map((slice) => slice.raw),
    connections,
  );
  if (slices.length === 0 || slices.some((slice) => slice.cpuMs === undefined)) return result;
  const responses = slices.reduce((sum, slice) => sum + slice.raw['2xx'] + slice.raw.non2xx, 0);
  const cpuMs = wholeCpuMs ?? slices.reduce((sum, slice) => sum + slice.cpuMs!, 0);
  return { ...result, ...(responses > 0 && { cpuUsPerRequest: (cpuMs * 1000) / responses }) };
}

/** Merges raw runs (possibly of several measurements) into one set of figures. */
export function summarize(raw: RawResult[], connections: number): LoadResult {
  // aggregateResult adds the other runs' status counts into the first run's objects: give it copies.
  const merged = autocannon.aggregateResult(structuredClone(raw), { url: 'http://127.0.0.1', connections });
  const total = (field: 'duration' | 'errors' | 'non2xx' | '2xx') => raw.reduce((sum, run) => sum + run[field], 0);
  const statuses: Record<string, number> = {};
  for (const run of raw) {
    for (const [status, { count }] of Object.entries(run.statusCodeStats)) statuses[status] = (statuses[status] ?? 0) + count;
  }
  const seconds = total('duration');
  return {
    // Successful responses over the measured time: a 401 or a 500 is not throughput.
    requestsPerSecond: seconds > 0 ? total('2xx') / seconds : 0,
    p50: merged.latency.p50,
    p99: merged.latency.p99,
    statuses,
    non2xx: total('non2xx'),
    errors: total('errors'),
    raw,
  };
}

async function runSlice(target: LoadTarget, connections: number, seconds: number): Promise<Slice> {
  const cpuBefore = target.pid === undefined ? undefined : processCpuMs(target.pid);
  const raw = await autocannon({
    url: target.origin,
    connections,
    duration: seconds,
    headers: target.headers,
    skipAggregateResult: true,
    requests: [
      {
        setupRequest: (request) => {
          const next = target.next();
          return { ...request, ...next, headers: { ...request.headers, ...next.headers } };
        },
      },
    ],
  });
  return { raw, ...(cpuBefore !== undefined && { cpuMs: processCpuMs(target.pid!) - cpuBefore }) };
}
