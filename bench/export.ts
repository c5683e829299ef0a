import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URN } from '../src/engine/scim/urns';
import { openWorkbench } from '../src/engine/workbench';
import { startServerChild, type ServerChild } from './processes';
import { seedExchanges } from './seed-exchanges';

export type ExportBenchFormat = 'json' | 'har';

export interface ExportBenchResult {
  format: ExportBenchFormat;
  exchanges: number;
  /** Exchanges found in the download (each has one `"operation":` key): must equal `exchanges`. */
  exported: number;
  megabytes: number;
  seconds: number;
  /**
   * Highest RSS of the engine process during the export, over its RSS just before: of its own memory
   * (RssAnon: heap, buffers), and in all (VmRSS, which also counts the database file's pages that
   * SQLite's memory map touched: page cache the kernel takes back when it needs it).
   */
  extraRssMb: number;
  extraRssWithFileMb: number;
  /** SCIM lookups at SCIM_RATE req/s: p99 with no export running, and during the export. */
  scimP99IdleMs: number;
  scimP99DuringMs: number;
  scimRequestsDuring: number;
  /** The engine's event-loop delay during the export (perf_hooks, sampled every millisecond inside the engine). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  loopDelayP99IdleMs: number;
  /** Non-2xx responses and connection errors of the SCIM load during the export. */
  scimFaults: number;
}

/** A steady IdP-like load (lookups by userName), not a flood: the question is how long one request waits. */
export const SCIM_RATE = 200;
const SCIM_CONNECTIONS = 4;
const USERS = 1000;
const IDLE_SECONDS = 3;
const RSS_SAMPLE_MS = 50;

/**
 * Seeds a session of `count` exchanges straight through the store, starts the whole engine (SCIM
 * listener and admin API in one process, as the app runs them) in a child, and for each format
 * downloads the export through the admin API while SCIM lookups keep arriving at SCIM_RATE: the
 * export's time, the engine's extra RSS (sampled from /proc) and the lookups' p99.
 */
export async function measureExports(workDir: string, count: number, log: (line: string) => void): Promise<ExportBenchResult[]> {
  const dbPath = join(workDir, 'export.db');
  const started = performance.now();
  const workbench = openWorkbench({ dbPath });
  let sessionId: number;
  try {
    const context = { workspaceId: workbench.workspaces.ensureDefault().id, baseUrl: 'http://127.0.0.1/scim/v2' };
    workbench.db.transaction(() => {
      for (let n = 0; n < USERS; n++) workbench.resources.create(context, 'User', { schemas: [URN.user], userName: `lookup${n}@example.com` });
    })();
    sessionId = workbench.recordings.startSession('Bench export').id;
    let lastTenth = 0;
    seedExchanges(
      workbench.recordings,
      count,
      () => sessionId,
      (done) => {
        const tenth = Math.floor((done * 10) / count);
        if (tenth > lastTenth) log(`seeding ${count.toLocaleString('en-US')} exchanges: ${(lastTenth = tenth) * 10}%`);
      },
    );
    // The lookups during the export are recorded into a session of their own, so the exported one keeps its count.
    workbench.recordings.startSession('Bench live traffic');
  } finally {
    workbench.close();
  }
  log(`seeded ${count.toLocaleString('en-US')} exchanges in ${((performance.now() - started) / 1000).toFixed(1)}s`);

  const engine = await startServerChild('./engine-server.ts', [dbPath]);
  try {
    const results: ExportBenchResult[] = [];
    for (const format of ['json', 'har'] as const) results.push(await measureOne(engine, sessionId, format, count, log));
    return results;
  } finally {
    await engine.stop();
  }
}

async function measureOne(
  engine: ServerChild,
  sessionId: number,
  format: ExportBenchFormat,
  count: number,
  log: (line: string) => void,
): Promise<ExportBenchResult> {
  const { scimBaseUrl, token, adminUrl, adminToken } = engine.ready as Record<string, string>;
  const scimPath = new URL(scimBaseUrl!).pathname;
  const load = (duration: number) => {
    let n = 0;
    return autocannon({
      url: engine.origin,
      connections: SCIM_CONNECTIONS,
      overallRate: SCIM_RATE,
      duration,
      headers: { authorization: `Bearer ${token}` },
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            method: 'GET',
            path: `${scimPath}/Users?filter=${encodeURIComponent(`userName eq "lookup${n++ % USERS}@example.com"`)}`,
          }),
        },
      ],
    });
  };
  await engine.ask({ loopDelay: 'reset' });
  const idle = await load(IDLE_SECONDS);
  const idleLoop = (await engine.ask({ loopDelay: 'read' })) as { p99Ms: number; maxMs: number };

  const before = rssMb(engine.pid);
  const peak = { ...before };
  const sample = () => {
    const now = rssMb(engine.pid);
    peak.anon = Math.max(peak.anon, now.anon);
    peak.total = Math.max(peak.total, now.total);
  };
  const sampler = setInterval(sample, RSS_SAMPLE_MS);
  await engine.ask({ loopDelay: 'reset' });
  const during = load(3600);
  const startedAt = performance.now();
  let download: { bytes: number; exported: number };
  try {
    download = await downloadInChild(`${adminUrl}/sessions/${sessionId}/export?format=${format}`, adminToken!);
  } finally {
    clearInterval(sampler);
    during.stop();
  }
  const seconds = (performance.now() - startedAt) / 1000;
  sample();
  const loop = (await engine.ask({ loopDelay: 'read' })) as { p99Ms: number; maxMs: number };
  const scim = await during;
  const result: ExportBenchResult = {
    format,
    exchanges: count,
    exported: download.exported,
    megabytes: download.bytes / 1024 / 1024,
    seconds,
    extraRssMb: peak.anon - before.anon,
    extraRssWithFileMb: peak.total - before.total,
    scimP99IdleMs: idle.latency.p99,
    scimP99DuringMs: scim.latency.p99,
    scimRequestsDuring: scim.requests.total,
    loopDelayP99Ms: loop.p99Ms,
    loopDelayMaxMs: loop.maxMs,
    loopDelayP99IdleMs: idleLoop.p99Ms,
    scimFaults: scim.non2xx + scim.errors,
  };
  log(
    `export ${format} of ${count.toLocaleString('en-US')} exchanges: ${seconds.toFixed(1)}s, ${result.megabytes.toFixed(0)} MB, ` +
      `+${result.extraRssMb.toFixed(0)} MB RSS (from ${before.anon.toFixed(0)} MB; +${result.extraRssWithFileMb.toFixed(0)} MB with the database's mapped pages), SCIM p99 ${result.scimP99DuringMs} ms during ` +
      `(${result.scimP99IdleMs} ms without; ${result.scimRequestsDuring} requests, ${result.scimFaults} faults), ` +
      `engine event-loop delay p99 ${loop.p99Ms.toFixed(1)} ms, max ${loop.maxMs.toFixed(1)} ms (p99 ${idleLoop.p99Ms.toFixed(1)} ms without)`,
  );
  return result;
}

/** See export-download.ts. */
async function downloadInChild(url: string, token: string): Promise<{ bytes: number; exported: number }> {
  const child = fork(fileURLToPath(new URL('./export-download.ts', import.meta.url)), [url, token], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as { bytes: number; exported: number }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The export download ended (code ${code}) without a result.`)));
  });
}

/** The resident set of a process, its own (anonymous) part and in all, from /proc (Linux, where the bench runs). */
function rssMb(pid: number): { anon: number; total: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { anon: field('RssAnon'), total: field('VmRSS') };
}
