import { InvalidArgumentError, Option, type Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { MAX_REPLAY_CONCURRENCY, type ReplayPacing } from '../../shared/replay';
import { addAuthOptions, authFromOptions, type AuthCliOptions } from '../auth-options';
import { replay } from '../../engine/replay/replayer';
import { reportToMarkdown } from '../../engine/replay/replay-report';
import { writePrivateFileSync } from '../../engine/files/private-files';
import { parseSessionId, replaySteps } from '../replay-source';
import { dbOption } from '../options';

interface ReplayCliOptions extends AuthCliOptions {
  report?: string;
  pace: ReplayPacing;
  stopOnDifference?: boolean;
  applyFaults?: boolean;
  session?: number;
  db: string;
  concurrency: number;
}

function parseConcurrency(value: string): number {
  const count = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (count >= 1 && count <= MAX_REPLAY_CONCURRENCY) return count;
  throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_REPLAY_CONCURRENCY}.`);
}

function parsePace(value: string): ReplayPacing {
  if (value === 'fast') return { kind: 'fast' };
  if (value === 'recorded') return { kind: 'recorded' };
  const rate = Number(value);
  if (Number.isFinite(rate) && rate > 0) return { kind: 'rate', perSecond: rate };
  throw new InvalidArgumentError('must be fast, recorded, or a number of requests per second.');
}

/** `replay`: a recorded session against any SCIM server, for pipelines; exit 1 when any step differs. */
export function registerReplay(program: Command) {
  const command = program
    .command('replay [file]')
    .description(
      'Replay a session file or HAR against a SCIM base URL, rewriting ids, and compare each answer with the recorded one. Exits 1 when any step differs.',
    )
    .requiredOption(
      '--target <url>',
      "the target's SCIM base URL, e.g. http://127.0.0.1:8787/scim/v2 (the recorded credentials are never sent: give the target's)",
    );
  addAuthOptions(command)
    .option('--report <file>', 'write the report: .md for a readable page, otherwise JSON')
    .addOption(
      new Option('--pace <fast|recorded|N>', 'as fast as possible, the recorded gaps, or N requests per second')
        .argParser(parsePace)
        .default({ kind: 'fast' } as ReplayPacing, 'fast'),
    )
    .addOption(
      new Option(
        '--concurrency <n>',
        'steps in flight at once: steps that cannot affect each other (other resources, no list in between) run side by side, and the report is the one-at-a-time report, in recorded order (with --pace fast only, not with --apply-faults)',
      )
        .argParser(parseConcurrency)
        .default(1),
    )
    .option(
      '--stop-on-difference',
      'stop at the first step that differs (with --concurrency, the first in recorded order; steps already sent finish and are reported)',
    )
    .option('--apply-faults', "let the target workbench's fault rules act on the replayed requests (by default a replay is never faulted)")
    .option('--session <n>', 'replay a session recorded in the database instead of a file (e.g. one recorded through a proxy workspace)', parseSessionId)
    .addOption(dbOption())
    .action(async (file: string | undefined, options: ReplayCliOptions) => {
      const { steps, source } = replaySteps(file, options);
      if (steps.length === 0) throw new Error(`${source} holds no exchanges to replay.`);
      try {
        new URL(options.target);
      } catch {
        throw new Error(`--target "${options.target}" is not a URL.`);
      }
      if (options.concurrency > 1 && options.pace.kind !== 'fast')
        throw new Error('--concurrency above 1 needs --pace fast: a paced replay keeps the recorded order.');
      if (options.concurrency > 1 && options.applyFaults)
        throw new Error('--concurrency above 1 cannot go with --apply-faults: fault rules count and draw in the order requests arrive.');
      const auth = authFromOptions(options);
      // A bar on a terminal; in a pipeline's log, one line per tenth instead of redraws.
      const bar = process.stderr.isTTY
        ? new SingleBar({ format: 'Replaying [{bar}] {value}/{total} · {differed} differed · {current}', stream: process.stderr }, Presets.shades_classic)
        : undefined;
      bar?.start(steps.length, 0, { differed: 0, current: '' });
      let lastTenth = 0;
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      const report = await replay(steps, {
        baseUrl: options.target,
        auth,
        pacing: options.pace,
        stopOnFirstDifference: options.stopOnDifference,
        applyFaults: options.applyFaults,
        concurrency: options.concurrency,
        signal: controller.signal,
        onProgress: (progress) => {
          bar?.update(progress.done, { differed: progress.differed, current: progress.current ?? '' });
          const tenth = Math.floor((progress.done * 10) / Math.max(1, progress.total));
          if (!bar && tenth > lastTenth) {
            lastTenth = tenth;
            console.error(`Replayed ${progress.done}/${progress.total} (${progress.differed} differed)`);
          }
        },
      }).finally(() => {
        bar?.stop();
        process.off('SIGINT', onSignal);
      });
      for (const step of report.steps.filter((candidate) => !candidate.matched)) {
        console.log(`Step ${step.index + 1} ${step.method} ${step.path}: ${step.differences.map((difference) => difference.message).join('; ')}`);
      }
      if (options.report) {
        writePrivateFileSync(options.report, options.report.endsWith('.md') ? reportToMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`);
        console.error(`Report written to ${options.report}.`);
      }
      console.log(
        `${report.matched} matched, ${report.differed} differed, of ${report.total} steps${report.cancelled ? ' (cancelled)' : ''}${report.stoppedEarly ? ' (stopped at the first difference)' : ''}.`,
      );
      if (report.differed > 0 || report.cancelled) process.exitCode = 1;
    });
}
