import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureBeside, summarize, warmUp, type LoadTarget } from './load';
import { startServerChild, type ServerChild } from './processes';
import { formatFaults, formatTable, isFaulty, toMetrics, type BenchReport, type ScenarioOutcome } from './report';
import { bareRoute, scimScenarios, type Scenario } from './scenarios';
import { seedUsers, type SeededDatabase } from './seed';
import { measureReplay, type ReplayBenchResult } from './replay';

const USAGE = `Usage: npm run bench -- [options]

Seeds a temporary database, starts the SCIM server and a bare fastify route in child
processes, and measures each scenario with autocannon.

  --users N          users to seed (default 100000)
  --duration S       measured seconds per scenario (default 5)
  --warmup S         unmeasured seconds before each scenario (default 1)
  --connections C    concurrent connections (default 10)
  --json FILE        also write the figures as {"metrics": {...}}
  --cpu-prof DIR     write a CPU profile of each server child into DIR
  --replay N         exchanges to record and replay (default 10000; 0 skips)
  -h, --help         show this help`;

interface BenchOptions {
  users: number;
  duration: number;
  warmup: number;
  connections: number;
  json?: string;
  cpuProfDir?: string;
  replay: number;
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
  try {
    const seeded = seedWithProgress(join(workDir, 'workbench.db'), options.users);
    const childOptions = { cpuProfDir: options.cpuProfDir };
    const bare = await startServerChild('./bare-server.ts', [], childOptions);
    children.push(bare);
    const scim = await startServerChild('./scim-server.ts', [join(workDir, 'workbench.db')], childOptions);
    children.push(scim);

    const bareTarget: LoadTarget = { origin: bare.origin, next: bareRoute.requests() };
    const bareProblem = await preflight(bareRoute, bareTarget);
    const load = { connections: options.connections, duration: options.duration, warmup: options.warmup };
    await warmUp(bareTarget, load);

    const outcomes: ScenarioOutcome[] = [];
    for (const scenario of scimScenarios(seeded, randomBytes(4).toString('hex'))) {
      process.stdout.write(`measuring ${scenario.label} beside the bare route …`);
      const target: LoadTarget = { origin: scim.origin, headers: { authorization: `Bearer ${seeded.token}` }, next: scenario.requests() };
      const problem = await preflight(scenario, target);
      const { subject, baseline } = await measureBeside(target, bareTarget, load);
      const ratio = baseline.requestsPerSecond > 0 ? subject.requestsPerSecond / baseline.requestsPerSecond : 0;
      outcomes.push({ scenario, result: subject, baseline, ratio, problem });
      process.stdout.write(` ${Math.round(subject.requestsPerSecond)} req/s (bare ${Math.round(baseline.requestsPerSecond)})\n`);
    }
    // The bare route's own row: all of its slices, from beside every scenario.
    const bareRaw = outcomes.flatMap((outcome) => outcome.baseline?.raw ?? []);
    outcomes.unshift({ scenario: bareRoute, result: summarize(bareRaw, options.connections), problem: bareProblem });

    console.log(
      `\n${options.users.toLocaleString('en-US')} users, ${options.connections} connections, ${options.duration}s per scenario, ` +
        `Node ${process.version}, ${availableParallelism()} CPUs\n`,
    );
    console.log(formatTable(outcomes));
    let replayed: ReplayBenchResult | undefined;
    if (options.replay > 0) {
      replayed = await measureReplay(workDir, options.replay, (line) => console.log(line));
      console.log(
        `\nreplay of ${replayed.exchanges.toLocaleString('en-US')} recorded exchanges: ${Math.round(replayed.replayPerSecond)} exchanges/s ` +
          `(${Math.round(replayed.ratio * 100)}% of sending them plainly, ${Math.round(replayed.plainPerSecond)}/s), ${replayed.differed} differed`,
      );
    }
    const faults = formatFaults(outcomes);
    if (replayed && replayed.differed > 0) faults.push(`Replay: ${replayed.differed} step(s) differed from the recording; the replay figure measures failures.`);
    if (faults.length > 0) console.log(`\n${faults.join('\n')}\nThese figures do not measure the intended work.`);

    if (options.json) {
      const report: BenchReport = {
        metrics: toMetrics(outcomes, {
          seed_users_per_s: { value: Math.round(options.users / seeded.seconds), unit: 'users/s' },
          ...(replayed && {
            replay_exchanges_per_s: { value: Math.round(replayed.replayPerSecond), unit: 'exchanges/s' },
            replay_vs_plain_ratio: { value: Number(replayed.ratio.toFixed(2)), unit: 'ratio' },
          }),
        }),
        run: { users: options.users, duration: options.duration, connections: options.connections, node: process.version, cpus: availableParallelism() },
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
  };
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
