import type { CliIo } from '../cli-io';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { MAX_REPLAY_CONCURRENCY, type ReplayPacing } from '../../shared/replay';
import type { ReplayCliOptions } from '../actions/replay';
import { addAuthOptions } from '../auth-options';
import { dbOption } from '../options';

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

function parseSessionId(value: string): number {
  const id = Number(value);
  if (!/^\d+$/.test(value.trim()) || id < 1) throw new InvalidArgumentError('must be a session number, as `scim-workbench sessions` lists them.');
  return id;
}

/** `replay`: a recorded session against any SCIM server, for pipelines; exit 1 when any step differs. */
export function registerReplay(program: Command, io: CliIo) {
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
    .action(async (file: string | undefined, options: ReplayCliOptions) => (await import('../actions/replay')).runReplay(file, options, io));
}
