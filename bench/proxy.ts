import { join } from 'node:path';
import { configureProxy } from '../src/engine/proxy/proxy-config';
import { URN } from '../src/engine/scim/urns';
import { openWorkbench } from '../src/engine/workbench';
import { startServerChild } from './processes';

/** The goal: what proxy mode adds to a request's median time on this machine. */
export const PROXY_ADDED_MEDIAN_GOAL_MS = 2;

export interface ProxyBenchResult {
  requests: number;
  directMedianMs: number;
  proxiedMedianMs: number;
  /** proxied − direct, medians of the same run. */
  addedMedianMs: number;
  directP99Ms: number;
  proxiedP99Ms: number;
  /** Answers that were not 200 (the figures then measure failures). */
  failed: number;
}

function tokenOf(dbPath: string, configure?: (workbench: ReturnType<typeof openWorkbench>) => void): string {
  const workbench = openWorkbench({ dbPath });
  try {
    const token = workbench.workspaces.ensureDefault().token;
    configure?.(workbench);
    return token;
  } finally {
    workbench.close();
  }
}

/**
 * A SCIM server child as the upstream and a second child whose default workspace is a proxy of it
 * (replacing the IdP's token with the upstream's, as a user would set it up). The same read
 * (`GET /Users/{id}`) is sent one at a time over keep-alive connections, alternating direct and
 * proxied in rounds, so both medians come from the same moments of a busy machine; the proxy's
 * figure includes its recording of each exchange.
 */
export async function measureProxy(workDir: string, requests: number, log: (line: string) => void): Promise<ProxyBenchResult> {
  const upstreamDb = join(workDir, 'proxy-upstream.db');
  const upstreamToken = tokenOf(upstreamDb);
  const upstream = await startServerChild('./scim-server.ts', [upstreamDb]);
  const proxyDb = join(workDir, 'proxy.db');
  const proxyToken = tokenOf(proxyDb, (workbench) =>
    configureProxy(workbench.db, workbench.workspaces, 'default', { upstream: `${upstream.origin}/scim/v2`, auth: { mode: 'bearer', secret: upstreamToken } }),
  );
  const proxy = await startServerChild('./scim-server.ts', [proxyDb]);
  try {
    const created = await fetch(`${upstream.origin}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${upstreamToken}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [URN.user], userName: 'bench.proxy@example.com', name: { givenName: 'Bench', familyName: 'Proxy' }, active: true }),
    });
    const { id } = (await created.json()) as { id: string };
    const direct = { url: `${upstream.origin}/scim/v2/Users/${id}`, token: upstreamToken, times: [] as number[] };
    const proxied = { url: `${proxy.origin}/scim/v2/Users/${id}`, token: proxyToken, times: [] as number[] };
    let failed = 0;
    const once = async (side: typeof direct, keep: boolean) => {
      const started = performance.now();
      const response = await fetch(side.url, { headers: { authorization: `Bearer ${side.token}` } });
      await response.arrayBuffer();
      if (keep) side.times.push(performance.now() - started);
      if (response.status !== 200) failed += 1;
    };
    // Warm both paths (connections, JIT) before anything is kept.
    for (let n = 0; n < 200; n++) {
      await once(direct, false);
      await once(proxied, false);
    }
    const round = 50;
    for (let done = 0; done < requests; done += round) {
      for (let n = 0; n < round; n++) await once(direct, true);
      for (let n = 0; n < round; n++) await once(proxied, true);
      if ((done / round) % 10 === 0) log(`proxy bench: ${done + round}/${requests} requests each way`);
    }
    const directMedianMs = percentile(direct.times, 0.5);
    const proxiedMedianMs = percentile(proxied.times, 0.5);
    return {
      requests: direct.times.length,
      directMedianMs,
      proxiedMedianMs,
      addedMedianMs: proxiedMedianMs - directMedianMs,
      directP99Ms: percentile(direct.times, 0.99),
      proxiedP99Ms: percentile(proxied.times, 0.99),
      failed,
    };
  } finally {
    await proxy.stop();
    await upstream.stop();
  }
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

export function formatProxyTable(result: ProxyBenchResult): string {
  const goal = result.addedMedianMs < PROXY_ADDED_MEDIAN_GOAL_MS ? 'met' : 'NOT met';
  return [
    `proxy mode, ${result.requests} sequential GET /Users/{id} each way (keep-alive)`,
    `  direct to the upstream: median ${result.directMedianMs.toFixed(2)} ms, p99 ${result.directP99Ms.toFixed(2)} ms`,
    `  through the proxy:      median ${result.proxiedMedianMs.toFixed(2)} ms, p99 ${result.proxiedP99Ms.toFixed(2)} ms`,
    `  added by the proxy:     median ${result.addedMedianMs.toFixed(2)} ms (goal < ${PROXY_ADDED_MEDIAN_GOAL_MS} ms: ${goal})`,
  ].join('\n');
}
