import type { CliIo } from '../cli-io';
import { exportSession, allWorkspaceSecrets, importSession, type ExportFormat } from '../../engine/recorder/session-export';
import { writeChunksToFile } from '../../engine/recorder/write-export-file';
import { writeChunks } from '../write-chunks';
import { WORKBENCH_VERSION } from '../../engine/version';
import { openWorkbench } from '../../engine/workbench';
import { openExistingWorkbench } from '../existing-database';
import { readJsonFile } from '../read-json-file';
import { terminalProgressBar } from '../progress-bar';

export function listSessions(options: { db: string }, io: CliIo): void {
  const workbench = openExistingWorkbench(options.db);
  try {
    const sessions = workbench.recordings.sessions();
    if (sessions.length === 0) io.out('No sessions recorded yet.');
    else io.out('ID\tNAME\tEXCHANGES\tCREATED\tKIND');
    for (const s of sessions)
      io.out(`${s.id}\t${s.name}\t${s.exchangeCount} exchanges\t${s.createdAt}${s.kind !== 'live' ? `\t(${s.kind})` : s.current ? '\t(current)' : ''}`);
  } finally {
    workbench.close();
  }
}

export async function exportToFile(options: { session?: number; format: ExportFormat; out?: string; db: string }, io: CliIo): Promise<void> {
  // Progress on a terminal only: a pipeline's log gets the one line at the end.
  const bar = await terminalProgressBar(io.stderr, 'Exporting [{bar}] {value}/{total} exchanges');
  const workbench = openExistingWorkbench(options.db);
  try {
    // Read only: a file that holds imports alone has no live session, and one is not made here to be exported empty.
    const sessionId = options.session ?? workbench.recordings.liveSessionId();
    if (sessionId === undefined) throw new Error('No live session was recorded here: pass --session N (scim-workbench sessions lists them).');
    // A page at a time: a session of a million exchanges is written in constant memory.
    const exported = exportSession(workbench.recordings, sessionId, options.format, {
      creatorVersion: WORKBENCH_VERSION,
      secrets: allWorkspaceSecrets(workbench.workspaces),
      onProgress: (done) => bar?.update(done),
    });
    bar?.start(exported.session.exchangeCount, 0);
    if (options.out) {
      // Ctrl-C (or a SIGTERM) stops the write and removes what it had written: no partial file is left behind.
      const controller = new AbortController();
      let signal: NodeJS.Signals | undefined;
      const cancel = (received: NodeJS.Signals) => {
        signal = received;
        controller.abort();
      };
      process.once('SIGINT', cancel).once('SIGTERM', cancel);
      try {
        await writeChunksToFile(options.out, exported.chunks, controller.signal);
      } catch (error) {
        if (!controller.signal.aborted) throw error;
        bar?.stop();
        io.err(`Export cancelled (${signal}) before it was complete: a file at ${options.out} is left as it was.`);
        // As a shell reports a command a signal ended: 128 + 2 for SIGINT (Ctrl-C), 128 + 15 for SIGTERM.
        io.exitCode = signal === 'SIGTERM' ? 143 : 130;
        return;
      } finally {
        process.off('SIGINT', cancel).off('SIGTERM', cancel);
      }
      bar?.stop();
      io.err(`Wrote session ${sessionId} (${exported.session.exchangeCount} exchanges) to ${options.out} (suggested name: ${exported.fileName}).`);
    } else {
      await writeChunks(io.stdout, exported.chunks);
      io.stdout.write('\n');
    }
  } finally {
    bar?.stop();
    workbench.close();
  }
}

export function importFromFile(file: string, options: { name?: string; db: string }, io: CliIo): void {
  const document = readJsonFile(file);
  const workbench = openWorkbench({ dbPath: options.db });
  try {
    const session = importSession(workbench.recordings, document, options.name, allWorkspaceSecrets(workbench.workspaces));
    io.out(`Imported ${session.exchangeCount} exchanges into session ${session.id} "${session.name}".`);
  } finally {
    workbench.close();
  }
}
