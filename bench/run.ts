import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureInTurn, summarize, warmUp, type LoadTarget } from './load';
import { startServerChild, type ServerChild } from './processes';
import { startComparisonServers } from './comparison-servers';
import { formatFaults, formatTable, toMetrics, type BenchReport, type ScenarioOutcome } from './report';
import { bareRoute, scimScenarios, type Scenario } from './scenarios';
import { faultRulesScenario, measureFaultRules, seedFaultWorkspaces } from './faults';
import { seedUsers, type SeededDatabase } from './seed';
import { measureReplay, REPLAY_BENCH_CONCURRENCY, REPLAY_GOAL_PER_S, type ReplayBenchResult } from './replay';
import { measureExports, SCIM_RATE, type ExportBenchResult } from './export';
import { measureSearch, type SearchBenchResult } from './search';
import { CLI_START_GOAL_MS, measureCliStart, type CliStartBenchResult } from './cli-start';
import { formatGroupRatios, groupRatioMetrics } from './group-ratio';
import { formatMemoryTable, measureMemory, memoryMetrics, type MemoryBenchResult } from './memory';
import { formatProxyTable, measureProxy, type ProxyBenchResult } from './proxy';

const USAGE = `Usage: npm run bench -- [options]

Seeds a temporary database, starts the SCIM server, the same server with recording off, a
minimal fastify + better-sqlite3 reference server and a bare fastify route in child processes,
and measures each scenario on them in turn with autocannon.

  --users N          users to seed (default 100000)
  --duration S       measured seconds per scenario (default 5)
  --warmup S         unmeasured seconds before each scenario (default 1)
  --connections C    concurrent connections (default 10)
  --json FILE        also write the figures as {"metrics": {...}}
  --cpu-prof DIR     write a CPU profile of each server child into DIR
  --replay N         exchanges to record and replay (default 10000; 0 skips)
  --replay-concurrency N  steps in flight in the concurrent replay (default ${REPLAY_BENCH_CONCURRENCY}; also replayed one at a time)
  --export-exchanges N
                     exchanges of the session to export while SCIM lookups run
                     (default 200000; 0 skips; 1000000 for the issue's 1M goal)
  --search-exchanges N
                     exchanges to search while SCIM lookups run (default 200000; 0 skips)
  --cli-starts N     rounds of \`scim-workbench --version\` beside bare Node (default 15; 0 skips)
  --memory-exchanges N
                     exchanges recorded in the database whose \`serve\` RSS is measured after
                     a load, beside --users users (default 200000; 0 skips the memory part)
  --proxy-requests N sequential requests each way, direct and through a proxy workspace (default 2000; 0 skips)
  --only PART        run one part: load (the scenarios), replay, export, search, cli, memory or proxy
  --scenario NAMES   of the load part, only these scenarios (comma-separated: filter_lookup, list_page,
                     create, patch_deactivate, group_member_add, group_member_remove, fault_rules_50), e.g. to profile one
  -h, --help         show this help`;

interface BenchOptions {
  users: number;
  duration: number;
  warmup: number;
  connections: number;
  json?: string;
  cpuProfDir?: string;
  replay: number;
  replayConcurrency: number;
  exportExchanges: number;
  searchExchanges: number;
  cliStarts: number;
  memoryExchanges: number;
  proxyRequests: number;
  only?: 'load' | 'replay' | 'export' | 'search' | 'cli' | 'memory' | 'proxy';
  /** Names of the load scenarios to run; all when undefined. */
  scenarios?: string[];
}

/** Runs the benchmark; resolves to the exit code (1 when the responses were not what the scenarios expect). */
export async function main(argv: string[]): Promise<number> {
  let options: BenchOptions | undefined;
  try {
    options = parseOptions(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }

  const workDir = mkdtempSync(join(tmpdir(), 'scim-workbench-bench-'));
  const cleanUp = () => rmSync(workDir, { recursive: true, force: true });
  const onInterrupt = () => {
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  const children: ServerChild[] = [];
  const runs = (part: NonNullable<BenchOptions['only']>) => options.only === undefined || options.only === part;
  try {
    const outcomes: ScenarioOutcome[] = [];
    let seededSeconds: number | undefined;
    if (runs('load')) {
      const measured = await measureLoad(workDir, options, children);
      outcomes.push(...measured.outcomes);
      seededSeconds = measured.seededSeconds;
    }
    let replayed: ReplayBenchResult | undefined;
    if (runs('replay') && options.replay > 0) {
      replayed = await measureReplay(workDir, options.replay, options.replayConcurrency, (line) => console.log(line), { cpuProfDir: options.cpuProfDir });
      console.log(
        `\nreplay of ${replayed.exchanges.toLocaleString('en-US')} recorded exchanges at concurrency ${replayed.concurrency}: ${Math.round(replayed.replayPerSecond)} exchanges/s ` +
          `(${Math.round(replayed.ratio * 100)}% of sending them plainly one at a time, ${Math.round(replayed.plainPerSecond)}/s); ` +
          `one at a time: ${Math.round(replayed.sequentialPerSecond)}/s (${Math.round((replayed.sequentialPerSecond / replayed.plainPerSecond) * 100)}%); ` +
          `${replayed.differed} differed, same report both ways? ${replayed.sameReport ? 'yes' : 'NO'}; ` +
          `target ≥ ${REPLAY_GOAL_PER_S.toLocaleString('en-US')}/s, met? ${replayed.replayPerSecond >= REPLAY_GOAL_PER_S ? 'yes' : 'NO'}\n` +
          `  CPU per exchange, server + sender: ${Object.entries(replayed.cpuMsPerExchange)
            .map(([kind, { server, sender }]) => `${kind} ${server.toFixed(2)} + ${sender.toFixed(2)} ms`)
            .join(', ')}`,
      );
    }
    let exports: ExportBenchResult[] = [];
    if (runs('export') && options.exportExchanges > 0) {
      exports = await measureExports(workDir, options.exportExchanges, (line) => console.log(line));
      console.log(`\n${formatExportTable(exports)}`);
    }
    let searched: SearchBenchResult | undefined;
    if (runs('search') && options.searchExchanges > 0) {
      searched = await measureSearch(workDir, options.searchExchanges, (line) => console.log(line));
      console.log(`\n${formatSearchTable(searched)}`);
    }
    let cliStart: CliStartBenchResult | undefined;
    if (runs('cli') && options.cliStarts > 0) {
      cliStart = await measureCliStart(options.cliStarts, (line) => console.log(line));
      console.log(`\n${formatCliStartTable(cliStart)}`);
    }
    let memory: MemoryBenchResult | undefined;
    if (runs('memory') && options.memoryExchanges > 0) {
      memory = await measureMemory(workDir, options.users, options.memoryExchanges, (line) => console.log(line));
      console.log(`\n${formatMemoryTable(memory)}`);
    }
    let proxied: ProxyBenchResult | undefined;
    if (runs('proxy') && options.proxyRequests > 0) {
      proxied = await measureProxy(workDir, options.proxyRequests, (line) => console.log(line));
      console.log(`\n${formatProxyTable(proxied)}`);
    }
    const faults = formatFaults(outcomes);
    if (proxied && proxied.failed > 0) faults.push(`Proxy: ${proxied.failed} request(s) did not answer 200.`);
    if (memory) faults.push(...memory.problems.map((problem) => `Memory load phase: ${problem}`));
    if (cliStart?.problem) faults.push(`CLI start: ${cliStart.problem}`);
    if (searched && searched.scimFaults > 0) faults.push(`Search: ${searched.scimFaults} SCIM requests failed during the measurement.`);
    if (replayed && !replayed.sameReport) faults.push("Replay: the concurrent replay did not give the sequential replay's report.");
    if (replayed && replayed.differed > 0)
      faults.push(`Replay: ${replayed.differed} step(s) differed from the recording; the replay figure measures failures.`);
    for (const result of exports) {
      if (result.exported !== result.exchanges)
        faults.push(`Export ${result.format}: the download held ${result.exported} exchanges, not ${result.exchanges}.`);
      if (result.scimFaults > 0) faults.push(`Export ${result.format}: ${result.scimFaults} SCIM requests failed during the export.`);
    }
    if (faults.length > 0) console.log(`\n${faults.join('\n')}\nThese figures do not measure the intended work.`);

    if (options.json) {
      const report: BenchReport = {
        metrics: toMetrics(outcomes, {
          ...(seededSeconds !== undefined && { seed_users_per_s: { value: Math.round(options.users / seededSeconds), unit: 'users/s' } }),
          ...(replayed && {
            replay_exchanges_per_s: { value: Math.round(replayed.replayPerSecond), unit: 'exchanges/s' },
            replay_vs_plain_ratio: { value: Number(replayed.ratio.toFixed(2)), unit: 'ratio' },
            replay_sequential_exchanges_per_s: { value: Math.round(replayed.sequentialPerSecond), unit: 'exchanges/s' },
          }),
          ...exportMetrics(exports),
          ...(searched && searchMetrics(searched)),
          ...(cliStart && cliStartMetrics(cliStart)),
          ...(memory && memoryMetrics(memory)),
          ...groupRatioMetrics(outcomes),
          ...(proxied && {
            proxy_added_median_ms: { value: Number(proxied.addedMedianMs.toFixed(3)), unit: 'ms' },
            proxy_direct_median_ms: { value: Number(proxied.directMedianMs.toFixed(3)), unit: 'ms' },
            proxy_proxied_median_ms: { value: Number(proxied.proxiedMedianMs.toFixed(3)), unit: 'ms' },
          }),
        }),
        run: {
          users: options.users,
          duration: options.duration,
          connections: options.connections,
          exportExchanges: options.exportExchanges,
          searchExchanges: options.searchExchanges,
          cliStarts: options.cliStarts,
          memoryExchanges: options.memoryExchanges,
          node: process.version,
          cpus: availableParallelism(),
        },
      };
      mkdirSync(dirname(resolve(options.json)), { recursive: true });
      writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`\nWrote ${options.json}`);
    }
    return faults.length > 0 ? 1 : 0;
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    if (options.cpuProfDir) console.log(`CPU profiles of the server children are in ${options.cpuProfDir}`);
    process.off('SIGINT', onInterrupt);
    cleanUp();
  }
}

/** The throughput scenarios, each beside the bare route, on `options.users` seeded users. */
async function measureLoad(workDir: string, options: BenchOptions, children: ServerChild[]): Promise<{ outcomes: ScenarioOutcome[]; seededSeconds: number }> {
  const seeded = seedWithProgress(join(workDir, 'workbench.db'), options.users);
  const faultSeed = seedFaultWorkspaces(join(workDir, 'workbench.db'));
  const childOptions = { cpuProfDir: options.cpuProfDir };
  const bare = await startServerChild('./bare-server.ts', [], childOptions);
  children.push(bare);
  const scim = await startServerChild('./scim-server.ts', [join(workDir, 'workbench.db')], childOptions);
  children.push(scim);
  const { reference, unrecorded } = await startComparisonServers(workDir, join(workDir, 'workbench.db'), seeded.token, childOptions, children);
  if (options.cpuProfDir) {
    // Profiles are named by process id (CPU.<date>.<time>.<pid>.…): say which child is which.
    console.log(`CPU profiles: SCIM server pid ${scim.pid}, recording off ${unrecorded.pid}, reference ${reference.pid}, bare route ${bare.pid}`);
  }

  const outcomes: ScenarioOutcome[] = [];
  const bareTarget: LoadTarget = { origin: bare.origin, next: bareRoute.requests() };
  const bareProblem = await preflight(bareRoute, bareTarget);
  const load = { connections: options.connections, duration: options.duration, warmup: options.warmup };
  await warmUp(bareTarget, load);

  const chosen = scimScenarios(seeded, randomBytes(4).toString('hex')).filter((scenario) => !options.scenarios || options.scenarios.includes(scenario.name));
  for (const scenario of chosen) {
    // Beside the bare route, the same server with recording off and, for the scenarios it serves, the reference server.
    const hasReference = scenario.target?.kind === 'reference';
    process.stdout.write(`measuring ${scenario.label} beside the bare route, recording off${hasReference ? ' and the reference server' : ''} …`);
    const targetOf = ({ origin, pid, settle }: ServerChild): LoadTarget => ({
      origin,
      pid,
      settle: () => settle(),
      headers: { authorization: `Bearer ${seeded.token}` },
      next: scenario.requests(),
    });
    const targets = [targetOf(scim), targetOf(unrecorded), ...(hasReference ? [targetOf(reference)] : [])];
    const problems = await Promise.all(targets.map((target) => preflight(scenario, target)));
    const [baseline, subject, off, beside] = await measureInTurn([bareTarget, ...targets], load);
    const ratio = baseline!.requestsPerSecond > 0 ? subject!.requestsPerSecond / baseline!.requestsPerSecond : 0;
    const problem = problems.map((text, index) => text && `${['', 'Recording off: ', 'Reference server: '][index]}${text}`).find(Boolean);
    outcomes.push({ scenario, result: subject!, baseline, ratio, problem, unrecorded: off, reference: beside });
    process.stdout.write(
      ` ${Math.round(subject!.requestsPerSecond)} req/s (bare ${Math.round(baseline!.requestsPerSecond)}, recording off ${Math.round(off!.requestsPerSecond)}` +
        `${beside ? `, reference ${Math.round(beside.requestsPerSecond)}` : ''})\n`,
    );
  }
  // The bare route's own row: all of its slices, from beside every scenario.
  const bareRaw = outcomes.flatMap((outcome) => outcome.baseline?.raw ?? []);
  if (!options.scenarios || options.scenarios.includes(faultRulesScenario.name)) {
    process.stdout.write(`measuring ${faultRulesScenario.label} …`);
    outcomes.push(await measureFaultRules(scim.origin, faultSeed, load));
    process.stdout.write(` ${((outcomes.at(-1)!.ratio ?? 0) * 100).toFixed(1)}%\n`);
  }
  outcomes.unshift({ scenario: bareRoute, result: summarize(bareRaw, options.connections), problem: bareProblem });

  console.log(
    `\n${options.users.toLocaleString('en-US')} users, ${options.connections} connections, ${options.duration}s per scenario, ` +
      `Node ${process.version}, ${availableParallelism()} CPUs\n`,
  );
  console.log(formatTable(outcomes));
  console.log(`\n${formatGroupRatios(outcomes)}`);
  return { outcomes, seededSeconds: seeded.seconds };
}

/** Undefined for --help. */
function parseOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      json: { type: 'string' },
      'cpu-prof': { type: 'string' },
      replay: { type: 'string' },
      'replay-concurrency': { type: 'string' },
      'export-exchanges': { type: 'string' },
      'search-exchanges': { type: 'string' },
      'cli-starts': { type: 'string' },
      'memory-exchanges': { type: 'string' },
      'proxy-requests': { type: 'string' },
      only: { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const cpuProfDir = values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']);
  return {
    users: integer('--users', values.users, 100_000, 1),
    duration: integer('--duration', values.duration, 5, 1),
    warmup: integer('--warmup', values.warmup, 1, 0),
    connections: integer('--connections', values.connections, 10, 1),
    json: values.json,
    cpuProfDir,
    replay: integer('--replay', values.replay, 10_000, 0),
    replayConcurrency: integer('--replay-concurrency', values['replay-concurrency'], REPLAY_BENCH_CONCURRENCY, 1),
    exportExchanges: integer('--export-exchanges', values['export-exchanges'], 200_000, 0),
    searchExchanges: integer('--search-exchanges', values['search-exchanges'], 200_000, 0),
    cliStarts: integer('--cli-starts', values['cli-starts'], 15, 0),
    memoryExchanges: integer('--memory-exchanges', values['memory-exchanges'], 200_000, 0),
    proxyRequests: integer('--proxy-requests', values['proxy-requests'], 2_000, 0),
    only: part(values.only),
    scenarios: values.scenario === undefined ? undefined : scenarioNames(values.scenario),
  };
}

function scenarioNames(text: string): string[] {
  const known = ['filter_lookup', 'list_page', 'create', 'patch_deactivate', 'group_member_add', 'group_member_remove', faultRulesScenario.name];
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`--scenario: unknown ${unknown.join(', ')} (known: ${known.join(', ')}).`);
  return names;
}

function part(text: string | undefined): BenchOptions['only'] {
  const parts = ['load', 'replay', 'export', 'search', 'cli', 'memory', 'proxy'] as const;
  if (text === undefined || (parts as readonly string[]).includes(text)) return text as BenchOptions['only'];
  throw new Error(`--only must be load, replay, export, search, cli, memory or proxy, not "${text}".`);
}

/** The issue's goals for an export: p99 of SCIM requests meanwhile, and the engine's extra memory. */
const EXPORT_P99_GOAL_MS = 50;
const EXPORT_RSS_GOAL_MB = 200;

function formatExportTable(results: ExportBenchResult[]): string {
  const header = [
    'export',
    'exchanges',
    'seconds',
    'MB',
    'extra RSS MB',
    'with mapped db MB',
    `SCIM p99 ms (${SCIM_RATE} req/s)`,
    'p99 without export',
    'loop delay p99/max (p99 without) ms',
    'met? (p99 < 50, RSS < 200)',
  ];
  const rows = results.map((r) => [
    r.format === 'har' ? 'HAR' : 'session file',
    r.exchanges.toLocaleString('en-US'),
    r.seconds.toFixed(1),
    r.megabytes.toFixed(0),
    r.extraRssMb.toFixed(0),
    r.extraRssWithFileMb.toFixed(0),
    String(r.scimP99DuringMs),
    String(r.scimP99IdleMs),
    `${r.loopDelayP99Ms.toFixed(0)}/${r.loopDelayMaxMs.toFixed(0)} (${r.loopDelayP99IdleMs.toFixed(0)})`,
    r.scimP99DuringMs < EXPORT_P99_GOAL_MS && r.extraRssMb < EXPORT_RSS_GOAL_MB ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** The issue's goal for a search at 200k exchanges. */
const SEARCH_GOAL_MS = 50;

function formatSearchTable(result: SearchBenchResult): string {
  const header = [`search (${result.exchanges.toLocaleString('en-US')} exchanges)`, 'query', 'found', 'median ms', `met? (< ${SEARCH_GOAL_MS})`];
  const rows = result.forms.map((form) => [
    form.label,
    Object.entries(form.query)
      .map(([key, value]) => `${key}=${value}`)
      .join(' '),
    form.total.toLocaleString('en-US'),
    form.medianMs.toFixed(1),
    form.medianMs < SEARCH_GOAL_MS ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
    '',
    `SCIM lookups p50/p99 ms: ${result.scimP50IdleMs}/${result.scimP99IdleMs} without searches, ${result.scimP50DuringMs}/${result.scimP99DuringMs} during ${result.searchesDuring} searches ` +
      `(p99 ratio ${result.p99Ratio.toFixed(2)}); engine event-loop delay p99 ${result.loopDelayP99Ms.toFixed(1)} ms (${result.loopDelayP99IdleMs.toFixed(1)} without)`,
    `Background indexing of the ${result.exchanges.toLocaleString('en-US')} exchanges: ${result.catchUpSeconds.toFixed(1)}s; SCIM lookups p50/p99 ms meanwhile ${result.scimP50CatchUpMs}/${result.scimP99CatchUpMs}, ` +
      `engine event-loop delay p99 ${result.loopDelayP99CatchUpMs.toFixed(1)} ms, max ${result.loopDelayMaxCatchUpMs.toFixed(1)} ms`,
  ].join('\n');
}

function formatCliStartTable(result: CliStartBenchResult): string {
  const header = [`CLI start (median of ${result.runs})`, 'command', 'ms', 'ms above bare Node', 'ratio to bare Node', `met? (< ${CLI_START_GOAL_MS} ms)`];
  const rows = [result.bare, result.built, result.fromSources].map((row) => [
    row.label,
    row.command,
    row.medianMs.toFixed(0),
    row.aboveBareMs.toFixed(0),
    row.ratioToBare.toFixed(2),
    row === result.built ? (row.medianMs < CLI_START_GOAL_MS ? 'yes' : 'NO') : '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function cliStartMetrics(result: CliStartBenchResult) {
  return {
    cli_version_start_ms: { value: Math.round(result.built.medianMs), unit: 'ms' },
    cli_version_start_bare_node_ms: { value: Math.round(result.bare.medianMs), unit: 'ms' },
    cli_version_start_above_bare_node_ms: { value: Math.round(result.built.aboveBareMs), unit: 'ms' },
    cli_version_start_ratio_to_bare_node: { value: Number(result.built.ratioToBare.toFixed(2)), unit: 'ratio' },
    cli_version_start_from_sources_ms: { value: Math.round(result.fromSources.medianMs), unit: 'ms' },
    cli_version_start_from_sources_ratio_to_bare_node: { value: Number(result.fromSources.ratioToBare.toFixed(2)), unit: 'ratio' },
  };
}

function searchMetrics(result: SearchBenchResult) {
  const size = result.exchanges >= 1_000_000 ? `${result.exchanges / 1_000_000}m` : `${Math.round(result.exchanges / 1000)}k`;
  const metrics: Record<string, { value: number; unit: string }> = {};
  for (const form of result.forms)
    metrics[`search_${size}_${form.label.replace(/\W+/g, '_').replace(/^_|_$/g, '').toLowerCase()}_median`] = {
      value: Number(form.medianMs.toFixed(1)),
      unit: 'ms',
    };
  metrics[`search_${size}_scim_p99_during`] = { value: result.scimP99DuringMs, unit: 'ms' };
  metrics[`search_${size}_scim_p99_without`] = { value: result.scimP99IdleMs, unit: 'ms' };
  metrics[`search_${size}_scim_p99_ratio`] = { value: Number(result.p99Ratio.toFixed(2)), unit: 'ratio' };
  metrics[`search_${size}_index_catch_up_seconds`] = { value: Number(result.catchUpSeconds.toFixed(1)), unit: 's' };
  metrics[`search_${size}_scim_p99_during_catch_up`] = { value: result.scimP99CatchUpMs, unit: 'ms' };
  metrics[`search_${size}_loop_delay_max_during_catch_up`] = { value: Number(result.loopDelayMaxCatchUpMs.toFixed(1)), unit: 'ms' };
  return metrics;
}

function exportMetrics(results: ExportBenchResult[]) {
  const metrics: Record<string, { value: number; unit: string }> = {};
  for (const r of results) {
    const name = `export_${r.format}_${r.exchanges >= 1_000_000 ? `${r.exchanges / 1_000_000}m` : `${Math.round(r.exchanges / 1000)}k`}`;
    metrics[`${name}_seconds`] = { value: Number(r.seconds.toFixed(1)), unit: 's' };
    metrics[`${name}_extra_rss_mb`] = { value: Math.round(r.extraRssMb), unit: 'MB' };
    metrics[`${name}_extra_rss_with_mapped_db_mb`] = { value: Math.round(r.extraRssWithFileMb), unit: 'MB' };
    metrics[`${name}_scim_p99`] = { value: r.scimP99DuringMs, unit: 'ms' };
    metrics[`${name}_scim_p99_without`] = { value: r.scimP99IdleMs, unit: 'ms' };
    metrics[`${name}_loop_delay_p99`] = { value: Number(r.loopDelayP99Ms.toFixed(1)), unit: 'ms' };
    metrics[`${name}_loop_delay_max`] = { value: Number(r.loopDelayMaxMs.toFixed(1)), unit: 'ms' };
    metrics[`${name}_loop_delay_p99_without`] = { value: Number(r.loopDelayP99IdleMs.toFixed(1)), unit: 'ms' };
  }
  return metrics;
}

function integer(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${flag} must be a whole number ≥ ${min}, not "${text}".`);
  return value;
}

function seedWithProgress(dbPath: string, users: number): SeededDatabase {
  // On a terminal one line updates in place; in a log (CI) a line every 10% is enough.
  const interactive = process.stdout.isTTY === true;
  let lastTenth = -1;
  const seeded = seedUsers(dbPath, users, (done) => {
    const percent = Math.floor((done / users) * 100);
    if (interactive) {
      process.stdout.write(`\rseeding ${users.toLocaleString('en-US')} users: ${percent}%`);
    } else if (Math.floor(percent / 10) > lastTenth) {
      lastTenth = Math.floor(percent / 10);
      console.log(`seeding ${users.toLocaleString('en-US')} users: ${percent}%`);
    }
  });
  const line = `seeded ${users.toLocaleString('en-US')} users in ${seeded.seconds.toFixed(1)}s (${Math.round(users / seeded.seconds)}/s)`;
  console.log(interactive ? `\r${line}   ` : line);
  return seeded;
}

/**
 * Sends a scenario's first few requests one by one and checks status and body, so that a
 * wrong token, a misspelt filter or an empty result is reported instead of measured.
 * Returns a description of the first wrong response, or undefined.
 */
async function preflight(scenario: Scenario, target: LoadTarget): Promise<string | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const request = target.next();
    const response = await fetch(target.origin + request.path, {
      method: request.method,
      headers: { ...target.headers, ...request.headers },
      body: request.body === undefined ? undefined : String(request.body),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const expected = [scenario.expect.status].flat();
    if (!expected.includes(response.status) || (scenario.expect.body && !scenario.expect.body(body, request))) {
      return `Pre-flight ${request.method} ${request.path} answered ${response.status}: ${text.slice(0, 300)}`;
    }
  }
  return undefined;
}
