import { InvalidArgumentError, type Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { EXPORT_FORMATS, exportSession, allWorkspaceSecrets, importSession, type ExportFormat } from '../../engine/recorder/session-export';
import { writeChunksToFile } from '../../engine/recorder/write-export-file';
import { writeChunksToStdout } from '../write-stdout';
import { WORKBENCH_VERSION } from '../../engine/version';
import { openWorkbench } from '../../engine/workbench';
import { dbOption } from '../options';
import { readJsonFile } from '../read-json-file';

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
export function registerSessions(program: Command) {
  program
    .command('sessions')
    .description(
      'List recorded sessions (newest first) with their number of exchanges; imports, replays and the current session (where live traffic goes) are marked.',
    )
    .addOption(dbOption())
    .action((options: { db: string }) => {
      const workbench = openWorkbench({ dbPath: options.db });
      try {
        const sessions = workbench.recordings.sessions();
        if (sessions.length === 0) console.log('No sessions recorded yet.');
        else console.log('ID\tNAME\tEXCHANGES\tCREATED\tKIND');
        for (const s of sessions)
          console.log(
            `${s.id}\t${s.name}\t${s.exchangeCount} exchanges\t${s.createdAt}${s.kind !== 'live' ? `\t(${s.kind})` : s.current ? '\t(current)' : ''}`,
          );
      } finally {
        workbench.close();
      }
    });

  program
    .command('export')
    .description('Write a recorded session to a file: a session file (json, re-importable) or HAR 1.2 (Chrome DevTools, HTTP Toolkit). Secrets are redacted.')
    .option('-s, --session <number>', 'the session to export (default: the current live session, never a replay or an import)', parseSessionId)
    .option('-f, --format <format>', `${EXPORT_FORMATS.join(' or ')}`, parseFormat, 'json')
    .option('-o, --out <file>', 'file to write (default: standard output)')
    .addOption(dbOption())
    .action(async (options: { session?: number; format: ExportFormat; out?: string; db: string }) => {
      const workbench = openWorkbench({ dbPath: options.db });
      // Progress on a terminal only: a pipeline's log gets the one line at the end.
      const bar = process.stderr.isTTY
        ? new SingleBar({ format: 'Exporting [{bar}] {value}/{total} exchanges', stream: process.stderr }, Presets.shades_classic)
        : undefined;
      try {
        const sessionId = options.session ?? workbench.recordings.currentSessionId();
        // A page at a time: a session of a million exchanges is written in constant memory.
        const exported = exportSession(workbench.recordings, sessionId, options.format, {
          creatorVersion: WORKBENCH_VERSION,
          secrets: allWorkspaceSecrets(workbench.workspaces),
          onProgress: (done) => bar?.update(done),
        });
        bar?.start(exported.session.exchangeCount, 0);
        if (options.out) {
          await writeChunksToFile(options.out, exported.chunks);
          bar?.stop();
          console.error(`Wrote session ${sessionId} (${exported.session.exchangeCount} exchanges) to ${options.out} (suggested name: ${exported.fileName}).`);
        } else {
          await writeChunksToStdout(exported.chunks);
          process.stdout.write('\n');
        }
      } finally {
        bar?.stop();
        workbench.close();
      }
    });

  program
    .command('import <file>')
    .description('Read a session file or a HAR into a new session, to inspect or replay it.')
    .option('-n, --name <name>', 'name of the new session')
    .addOption(dbOption())
    .action((file: string, options: { name?: string; db: string }) => {
      const document = readJsonFile(file);
      const workbench = openWorkbench({ dbPath: options.db });
      try {
        const session = importSession(workbench.recordings, document, options.name, allWorkspaceSecrets(workbench.workspaces));
        console.log(`Imported ${session.exchangeCount} exchanges into session ${session.id} "${session.name}".`);
      } finally {
        workbench.close();
      }
    });
}
