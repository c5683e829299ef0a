import type { CliIo } from '../cli-io';
import { InvalidArgumentError, type Command } from 'commander';
import { EXPORT_FORMATS, type ExportFormat } from '../../engine/recorder/export-formats';
import { dbOption } from '../options';

const actions = () => import('../actions/sessions');

function parseFormat(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${EXPORT_FORMATS.join(', ')}.`);
  return value as ExportFormat;
}

function parseSessionId(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new InvalidArgumentError('must be a session number (see: scim-workbench sessions).');
  return id;
}

/** `export`, `import` and `sessions`: recorded sessions as files, for QA pipelines and bug reports. */
export function registerSessions(program: Command, io: CliIo) {
  program
    .command('sessions')
    .description(
      'List recorded sessions (newest first) with their number of exchanges; imports, replays and the current session (where live traffic goes) are marked.',
    )
    .addOption(dbOption())
    .action(async (options: { db: string }) => (await actions()).listSessions(options, io));

  program
    .command('export')
    .description('Write a recorded session to a file: a session file (json, re-importable) or HAR 1.2 (Chrome DevTools, HTTP Toolkit). Secrets are redacted.')
    .option('-s, --session <number>', 'the session to export (default: the current live session, never a replay or an import)', parseSessionId)
    .option('-f, --format <format>', `${EXPORT_FORMATS.join(' or ')}`, parseFormat, 'json')
    .option('-o, --out <file>', 'file to write (default: standard output)')
    .addOption(dbOption())
    .action(async (options: { session?: number; format: ExportFormat; out?: string; db: string }) => (await actions()).exportToFile(options, io));

  program
    .command('import <file>')
    .description('Read a session file or a HAR into a new session, to inspect or replay it.')
    .option('-n, --name <name>', 'name of the new session')
    .addOption(dbOption())
    .action(async (file: string, options: { name?: string; db: string }) => (await actions()).importFromFile(file, options, io));
}
