import autocannon from 'autocannon';
import { join } from 'node:path';
import { URN } from '../src/engine/scim/urns';
import { openWorkbench } from '../src/engine/workbench';
import type { ExchangeSearchResponse } from '../src/shared/admin-api';
import { startServerChild, type ServerChild } from './processes';
import { seedExchanges } from './seed-exchanges';

export interface SearchFormResult {
  label: string;
  query: Record<string, string>;
  medianMs: number;
  total: number;
}

export interface SearchBenchResult {
  exchanges: number;
  forms: SearchFormResult[];
  /** SCIM lookups at SCIM_RATE req/s, without searches and while the admin API searches back to back. */
  scimP50IdleMs: number;
  scimP99IdleMs: number;
  scimP50DuringMs: number;
  scimP99DuringMs: number;
  /** p99 during / p99 without: 1 means the searches cost the SCIM requests nothing. */
  p99Ratio: number;
  /** The engine's background indexing of the seeded exchanges (none indexed when it starts), and SCIM lookups meanwhile. */
  catchUpSeconds: number;
  scimP50CatchUpMs: number;
  scimP99CatchUpMs: number;
  loopDelayP99CatchUpMs: number;
  loopDelayMaxCatchUpMs: number;
  searchesDuring: number;
  /** The engine's event-loop delay while the searches ran, and without. */
  loopDelayP99Ms: number;
  loopDelayP99IdleMs: number;
  scimFaults: number;
}

const SCIM_RATE = 200;
const SCIM_CONNECTIONS = 4;
const USERS = 1000;
const LOAD_SECONDS = 5;
const RUNS = 15;

/**
 * Seeds `count` exchanges (bench/seed-exchanges.ts, Okta-shaped, none indexed: the recorder leaves
 * them to the search indexer), starts the whole engine in a child, measures how long its indexer
 * takes to catch up in the background and what SCIM lookups see meanwhile, and then, through the
 * admin API: the median
 * time of each form of search (free text, phrase, typed terms, a word every exchange holds with its
 * total count), then SCIM lookups at a steady rate without searches and while searches run back to
 * back — the searches run on a worker thread, so the lookups should not notice them.
 */
export async function measureSearch(workDir: string, count: number, log: (line: string) => void): Promise<SearchBenchResult> {
  const dbPath = join(workDir, 'search.db');
  const started = performance.now();
  const workbench = openWorkbench({ dbPath });
  let sessionId: number;
  try {
    const context = { workspaceId: workbench.workspaces.ensureDefault().id, baseUrl: 'http://127.0.0.1/scim/v2' };
    // The seeded exchanges are dated in the past: retention (a minute after start) must not delete
    // them while the indexer catches up or the searches run.
    workbench.workspaces.configure('default', { retention: { days: null, exchanges: null, megabytes: null } });
    workbench.db.transaction(() => {
      for (let n = 0; n < USERS; n++) workbench.resources.create(context, 'User', { schemas: [URN.user], userName: `lookup${n}@example.com` });
    })();
    sessionId = workbench.recordings.startSession('Bench search').id;
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
    workbench.recordings.startSession('Bench live traffic');
  } finally {
    workbench.close();
  }
  log(`seeded ${count.toLocaleString('en-US')} exchanges in ${((performance.now() - started) / 1000).toFixed(1)}s`);

  const engine = await startServerChild('./engine-server.ts', [dbPath]);
  try {
    const { token } = engine.ready as Record<string, string>;
    const scimPath = new URL((engine.ready as Record<string, string>).scimBaseUrl!).pathname;
    const load = () => {
      let n = 0;
      return autocannon({
        url: engine.origin,
        connections: SCIM_CONNECTIONS,
        overallRate: SCIM_RATE,
        duration: LOAD_SECONDS,
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
    // The child answers messages in order, one at a time: the poll below and the loop-delay reads take turns.
    let turn: Promise<unknown> = Promise.resolve();
    const ask = (message: unknown) => (turn = turn.then(() => engine.ask(message)));
    const caughtUp = async () => ((await ask({ indexing: 'read' })) as { caughtUp: boolean }).caughtUp;
    await ask({ loopDelay: 'reset' });
    const catchUpStarted = performance.now();
    const catchUp = (async () => {
      while (!(await caughtUp())) await new Promise((resolve) => setTimeout(resolve, 100));
      return (performance.now() - catchUpStarted) / 1000;
    })();
    const duringCatchUp = await load();
    const catchUpLoop = (await ask({ loopDelay: 'read' })) as { p99Ms: number; maxMs: number };
    const catchUpSeconds = await catchUp;
    log(
      `indexed ${count.toLocaleString('en-US')} exchanges in the background in ${catchUpSeconds.toFixed(1)}s (${Math.round(count / catchUpSeconds).toLocaleString('en-US')}/s); ` +
        `SCIM lookups at ${SCIM_RATE} req/s meanwhile: p50 ${duringCatchUp.latency.p50} ms / p99 ${duringCatchUp.latency.p99} ms, ` +
        `engine event-loop delay p99 ${catchUpLoop.p99Ms.toFixed(1)} ms, max ${catchUpLoop.maxMs.toFixed(1)} ms`,
    );

    const rare = Math.floor(count / 8);
    const forms: Omit<SearchFormResult, 'medianMs' | 'total'>[] = [
      { label: 'free text, one user', query: { q: `export.user${rare}` } },
      { label: 'phrase', query: { q: `"updated user export.user${rare}@example.com"` } },
      { label: 'typed terms', query: { q: `status:2xx method:PATCH client:okta path:/Users user:export.user${rare}` } },
      { label: 'note', query: { q: 'note:capitalisedOp', limit: '200' } },
      { label: 'common word, counted', query: { q: 'okta', limit: '200' } },
      { label: 'session, no connection tests', query: { session: String(sessionId), hideConnectionTests: 'true', limit: '200' } },
      {
        label: `deep page (offset ${Math.floor(count / 2).toLocaleString('en-US')})`,
        query: { q: 'okta', offset: String(Math.floor(count / 2)), limit: '200' },
      },
    ];
    const results: SearchFormResult[] = [];
    for (const form of forms) {
      const times: number[] = [];
      let total = 0;
      for (let run = 0; run < RUNS; run++) {
        const startedAt = performance.now();
        total = (await searchOnce(engine, form.query)).total;
        times.push(performance.now() - startedAt);
      }
      times.sort((a, b) => a - b);
      results.push({ ...form, medianMs: times[Math.floor(times.length / 2)]!, total });
      log(
        `search ${form.label} (${Object.entries(form.query)
          .map(([key, value]) => `${key}=${value}`)
          .join(' ')}): median ${results.at(-1)!.medianMs.toFixed(1)} ms, ${total.toLocaleString('en-US')} found`,
      );
    }

    await engine.ask({ loopDelay: 'reset' });
    const idle = await load();
    const idleLoop = (await engine.ask({ loopDelay: 'read' })) as { p99Ms: number };
    await engine.ask({ loopDelay: 'reset' });
    let searching = true;
    let searches = 0;
    const searcher = (async () => {
      // The worst case: a word every exchange holds, counted; one search after another.
      while (searching) {
        await searchOnce(engine, { q: 'okta', limit: '200' });
        searches++;
      }
    })();
    const during = await load();
    searching = false;
    await searcher;
    const loop = (await engine.ask({ loopDelay: 'read' })) as { p99Ms: number };
    const result: SearchBenchResult = {
      exchanges: count,
      forms: results,
      scimP50IdleMs: idle.latency.p50,
      scimP99IdleMs: idle.latency.p99,
      scimP50DuringMs: during.latency.p50,
      scimP99DuringMs: during.latency.p99,
      p99Ratio: during.latency.p99 / Math.max(1, idle.latency.p99),
      catchUpSeconds,
      scimP50CatchUpMs: duringCatchUp.latency.p50,
      scimP99CatchUpMs: duringCatchUp.latency.p99,
      loopDelayP99CatchUpMs: catchUpLoop.p99Ms,
      loopDelayMaxCatchUpMs: catchUpLoop.maxMs,
      searchesDuring: searches,
      loopDelayP99Ms: loop.p99Ms,
      loopDelayP99IdleMs: idleLoop.p99Ms,
      scimFaults: during.non2xx + during.errors + idle.non2xx + idle.errors + duringCatchUp.non2xx + duringCatchUp.errors,
    };
    log(
      `SCIM lookups at ${SCIM_RATE} req/s: p50 ${result.scimP50IdleMs} ms / p99 ${result.scimP99IdleMs} ms without searches, ` +
        `p50 ${result.scimP50DuringMs} ms / p99 ${result.scimP99DuringMs} ms during ${searches} searches for a common word (p99 ratio ${result.p99Ratio.toFixed(2)}); ` +
        `engine event-loop delay p99 ${loop.p99Ms.toFixed(1)} ms (${idleLoop.p99Ms.toFixed(1)} ms without)`,
    );
    return result;
  } finally {
    await engine.stop();
  }
}

async function searchOnce(engine: ServerChild, query: Record<string, string>): Promise<ExchangeSearchResponse> {
  const { adminUrl, adminToken } = engine.ready as Record<string, string>;
  const response = await fetch(`${adminUrl}/exchanges?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${adminToken}` } });
  if (!response.ok) throw new Error(`The search ${new URLSearchParams(query)} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as ExchangeSearchResponse;
}
