import autocannon from 'autocannon';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { cliBuildState } from '../scripts/cli-build-state.mjs';
import { openWorkbench } from '../src/engine/workbench';
import { seedExchanges } from './seed-exchanges';
import { seedUsers } from './seed';

const ROOT = resolve(import.meta.dirname, '..');

/** The issue's goals for the `serve` process's resident set. */
export const IDLE_RSS_GOAL_MB = 90;
export const LOADED_RSS_GOAL_MB = 150;

// A count, not a duration: what the server holds after the load depends on how much it served,
// and a count makes the figure the same on a busy machine as on a quiet one.
const LOOKUPS = 10_000;
const LIST_PAGES = 50;
const RSS_SAMPLE_MS = 100;

export interface RssFigures {
  /** VmRSS: everything resident, including the database file's pages SQLite's memory map touched. */
  totalMb: number;
  /** RssAnon: the process's own memory (V8 heap, buffers, SQLite's page cache). */
  anonMb: number;
}

export interface MemoryBenchResult {
  users: number;
  exchanges: number;
  /** `serve` on an empty database, right after it said it was ready. */
  idle: RssFigures;
  /** `serve` on the seeded database, right after start. */
  seededIdle: RssFigures;
  /** The highest RSS seen during the load phase, and the RSS once it ended. */
  loadPeak: RssFigures;
  afterLoad: RssFigures;
  /** Requests of the load phase, and what went wrong with any of them. */
  requests: number;
  problems: string[];
}

interface Serving {
  child: ChildProcess;
  pid: number;
  lines: Map<string, string>;
}

/**
 * The resident set of `scim-workbench serve` as a user runs it (bin/scim-workbench.mjs on the build;
 * built first when stale), read from /proc from outside: on an empty database right after start, and
 * on `users` users and `exchanges` recorded exchanges after a load phase over them (SCIM lookups, a walk
 * of list pages, and through the admin API a search and a page of the traffic list).
 */
export async function measureMemory(workDir: string, users: number, exchanges: number, log: (line: string) => void): Promise<MemoryBenchResult> {
  await ensureCliBuilt(log);
  const emptyDb = join(workDir, 'memory-empty.db');
  const idle = await withServe(emptyDb, [], async (serving) => rss(serving.pid));
  log(`serve idle on an empty database: ${idle.totalMb.toFixed(0)} MB RSS (${idle.anonMb.toFixed(0)} MB its own)`);

  const dbPath = join(workDir, 'memory.db');
  const seeded = seedUsers(dbPath, users, () => {});
  log(`seeded ${users.toLocaleString('en-US')} users in ${seeded.seconds.toFixed(1)}s`);
  await seedIndexedExchanges(dbPath, exchanges);
  log(`seeded and indexed ${exchanges.toLocaleString('en-US')} exchanges`);

  return { idle, ...(await measureLoaded(dbPath, seeded.userNames, exchanges, log)) };
}

/** `serve` on a seeded database: its RSS at start, at most during a load phase over it, and after. */
export async function measureLoaded(
  dbPath: string,
  userNames: readonly string[],
  exchanges: number,
  log: (line: string) => void,
  nodeArgs: readonly string[] = [],
): Promise<Omit<MemoryBenchResult, 'idle'>> {
  const users = userNames.length;
  return await withServe(dbPath, nodeArgs, async (serving) => {
    const seededIdle = rss(serving.pid);
    const peak = { ...seededIdle };
    const sampler = setInterval(() => {
      const now = rss(serving.pid);
      peak.totalMb = Math.max(peak.totalMb, now.totalMb);
      peak.anonMb = Math.max(peak.anonMb, now.anonMb);
    }, RSS_SAMPLE_MS);
    let requests = 0;
    const problems: string[] = [];
    try {
      const scim = new URL(serving.lines.get('SCIM base URL')!);
      const auth = { authorization: `Bearer ${serving.lines.get('Token')}` };
      let n = 0;
      const lookups = await autocannon({
        url: scim.origin,
        connections: 10,
        amount: LOOKUPS,
        headers: auth,
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              path: `${scim.pathname}/Users?filter=${encodeURIComponent(`userName eq "${userNames[(n++ * 7919) % users]}"`)}`,
            }),
          },
        ],
      });
      requests += lookups.requests.total;
      if (lookups.non2xx + lookups.errors > 0) problems.push(`lookups: ${lookups.non2xx} non-2xx, ${lookups.errors} errors, ${lookups.timeouts} timeouts`);
      const pageStride = Math.max(1, Math.floor(users / 100 / LIST_PAGES)) * 100;
      for (let page = 0; page < LIST_PAGES; page++) {
        const response = await fetch(`${scim.href}/Users?startIndex=${1 + page * pageStride}&count=100`, { headers: auth });
        await response.arrayBuffer();
        requests++;
        if (!response.ok) problems.push(`list page ${page}: ${response.status}`);
      }
      const admin = serving.lines.get('Admin API')!.split(' ')[0]!;
      const adminAuth = { authorization: `Bearer ${serving.lines.get('Admin token')}` };
      for (const query of ['limit=100', 'q=renamed&limit=100', 'q=export.user4242&limit=100']) {
        const response = await fetch(`${admin}/exchanges?${query}`, { headers: adminAuth });
        const text = await response.text();
        requests++;
        if (!response.ok) problems.push(`search ${query}: ${response.status} ${text.slice(0, 200)}`);
      }
    } finally {
      clearInterval(sampler);
    }
    const afterLoad = rss(serving.pid);
    peak.totalMb = Math.max(peak.totalMb, afterLoad.totalMb);
    peak.anonMb = Math.max(peak.anonMb, afterLoad.anonMb);
    log(
      `serve on ${users.toLocaleString('en-US')} users and ${exchanges.toLocaleString('en-US')} exchanges: ${seededIdle.totalMb.toFixed(0)} MB at start, ` +
        `${afterLoad.totalMb.toFixed(0)} MB after ${requests.toLocaleString('en-US')} requests (peak ${peak.totalMb.toFixed(0)} MB)`,
    );
    return { users, exchanges, seededIdle, loadPeak: peak, afterLoad, requests, problems };
  });
}

/** Exchanges in a session of their own, indexed for search as a database that served them would be. */
async function seedIndexedExchanges(dbPath: string, count: number): Promise<void> {
  const workbench = openWorkbench({ dbPath });
  try {
    // Seeded in the past: retention must not start deleting them while the load runs.
    workbench.workspaces.configure('default', { retention: { days: null, exchanges: null, megabytes: null } });
    const sessionId = workbench.recordings.startSession('Bench memory').id;
    seedExchanges(workbench.recordings, count, () => sessionId);
    await workbench.searchIndexer.catchUp();
    workbench.recordings.startSession('Bench live traffic');
  } finally {
    workbench.close();
  }
}

/** Starts `scim-workbench serve` on the database, waits until it is ready, runs `body`, then stops it with SIGTERM. */
async function withServe<T>(dbPath: string, nodeArgs: readonly string[], body: (serving: Serving) => Promise<T>): Promise<T> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(ROOT, 'bin/scim-workbench.mjs'), 'serve', '--db', dbPath, '--port', '0', '--admin-port', '0', '--quiet'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const exited = once(child, 'exit');
  try {
    const lines = new Map<string, string>();
    const ready = new Promise<void>((resolveReady, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const at = line.indexOf(': ');
        if (at > 0) lines.set(line.slice(0, at), line.slice(at + 2));
        if (line.startsWith('Press Ctrl-C')) resolveReady();
      });
      child.once('exit', (code) => reject(new Error(`scim-workbench serve exited (code ${code}) before it was ready.`)));
    });
    await ready;
    return await body({ child, pid: child.pid!, lines });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

async function ensureCliBuilt(log: (line: string) => void): Promise<void> {
  const state = cliBuildState();
  if (state.state === 'fresh') return;
  log(`building the CLI (${state.state === 'stale' ? `${state.newer} is newer than the build` : 'not built yet'}) …`);
  await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/build-cli.mjs'), '--quiet'], { cwd: ROOT });
}

function rss(pid: number): RssFigures {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { totalMb: field('VmRSS'), anonMb: field('RssAnon') };
}

/** The rows of `npm run bench`'s memory table, each with the issue's goal and whether it is met. */
export function formatMemoryTable(result: MemoryBenchResult): string {
  const at = `${result.users.toLocaleString('en-US')} users, ${result.exchanges.toLocaleString('en-US')} exchanges`;
  const rows: [string, RssFigures, number | undefined][] = [
    ['serve idle (empty database)', result.idle, IDLE_RSS_GOAL_MB],
    [`serve at start (${at})`, result.seededIdle, undefined],
    [`serve after the load (${at})`, result.afterLoad, LOADED_RSS_GOAL_MB],
    ['  peak during the load', result.loadPeak, undefined],
  ];
  const header = ['server RSS', 'MB', 'own MB (anon)', 'target', 'met?'];
  const cells = rows.map(([label, figures, goal]) => [
    label,
    figures.totalMb.toFixed(0),
    figures.anonMb.toFixed(0),
    goal === undefined ? '' : `≤ ${goal} MB`,
    goal === undefined ? '' : figures.totalMb <= goal ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

export function memoryMetrics(result: MemoryBenchResult): Record<string, { value: number; unit: string }> {
  const mb = (value: number) => ({ value: Math.round(value), unit: 'MB' });
  return {
    serve_idle_rss_mb: mb(result.idle.totalMb),
    serve_loaded_start_rss_mb: mb(result.seededIdle.totalMb),
    serve_after_load_rss_mb: mb(result.afterLoad.totalMb),
    serve_load_peak_rss_mb: mb(result.loadPeak.totalMb),
  };
}
