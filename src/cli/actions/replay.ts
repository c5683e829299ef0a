import type { CliIo } from '../cli-io';
import type { ReplayPacing } from '../../shared/replay';
import { authFromOptions, type AuthCliOptions } from '../auth-options';
import { replay } from '../../engine/replay/replayer';
import { reportToMarkdown } from '../../engine/replay/replay-report';
import { writePrivateFileSync } from '../../engine/files/private-files';
import { replaySteps } from '../replay-source';
import { terminalProgressBar } from '../progress-bar';
import { checkOutputPath } from '../output-path';
import { watchForSilence } from '../silence-watch';

export interface ReplayCliOptions extends AuthCliOptions {
  report?: string;
  pace: ReplayPacing;
  stopOnDifference?: boolean;
  applyFaults?: boolean;
  session?: number;
  db: string;
  concurrency: number;
}

/** `replay`: a recorded session against any SCIM server; exit 1 when any step differs or it was cancelled. */
export async function runReplay(file: string | undefined, options: ReplayCliOptions, io: CliIo): Promise<void> {
  if (options.report) checkOutputPath(options.report, '--report');
  const { steps, source } = await replaySteps(file, options);
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
  const bar = await terminalProgressBar(io.stderr, 'Replaying [{bar}] {value}/{total} · {differed} differed · {current}');
  bar?.start(steps.length, 0, { differed: 0, current: '' });
  let lastTenth = 0;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  const silence = watchForSilence((line) => io.err(line));
  const report = await replay(steps, {
    baseUrl: options.target,
    auth,
    pacing: options.pace,
    stopOnFirstDifference: options.stopOnDifference,
    applyFaults: options.applyFaults,
    concurrency: options.concurrency,
    signal: controller.signal,
    onProgress: (progress) => {
      silence.heard(progress.current);
      bar?.update(progress.done, { differed: progress.differed, current: progress.current ?? '' });
      const tenth = Math.floor((progress.done * 10) / Math.max(1, progress.total));
      if (!bar && tenth > lastTenth) {
        lastTenth = tenth;
        io.err(`Replayed ${progress.done}/${progress.total} (${progress.differed} differed)`);
      }
    },
  }).finally(() => {
    silence.stop();
    bar?.stop();
    process.off('SIGINT', onSignal);
  });
  for (const step of report.steps.filter((candidate) => !candidate.matched)) {
    io.out(`Step ${step.index + 1} ${step.method} ${step.path}: ${step.differences.map((difference) => difference.message).join('; ')}`);
  }
  if (options.report) {
    writePrivateFileSync(options.report, options.report.endsWith('.md') ? reportToMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`);
    io.err(`Report written to ${options.report}.`);
  }
  io.out(
    `${report.matched} matched, ${report.differed} differed, of ${report.total} steps${report.cancelled ? ' (cancelled)' : ''}${report.stoppedEarly ? ' (stopped at the first difference)' : ''}${report.unreachable ? ' (stopped: the target cannot be reached)' : ''}.`,
  );
  if (report.unreachable) io.err(report.unreachable);
  if (report.differed > 0 || report.cancelled) io.exitCode = 1;
}
