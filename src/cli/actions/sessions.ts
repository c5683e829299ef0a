import { exportSession, allWorkspaceSecrets, importSession, type ExportFormat } from '../../engine/recorder/session-export';
import { writeChunksToFile } from '../../engine/recorder/write-export-file';
import { writeChunksToStdout } from '../write-stdout';
import { WORKBENCH_VERSION } from '../../engine/version';
import { openWorkbench } from '../../engine/workbench';
import { readJsonFile } from '../read-json-file';
import { terminalProgressBar } from '../progress-bar';

export function listSessions(options: { db: string }): void {
  const workbench = openWorkbench({ dbPath: options.db });
  try {
    const sessions = workbench.recordings.sessions();
    if (sessions.length === 0) console.log('No sessions recorded yet.');
    else console.log('ID\tNAME\tEXCHANGES\tCREATED\tKIND');
    for (const s of sessions)
      console.log(`${s.id}\t${s.name}\t${s.exchangeCount} exchanges\t${s.createdAt}${s.kind !== 'live' ? `\t(${s.kind})` : s.current ? '\t(current)' : ''}`);
  } finally {
    workbench.close();
  }
}

export async function exportToFile(options: { session?: number; format: ExportFormat; out?: string; db: string }): Promise<void> {
  // Progress on a terminal only: a pipeline's log gets the one line at the end.
  const bar = await terminalProgressBar('Exporting [{bar}] {value}/{total} exchanges');
  const workbench = openWorkbench({ dbPath: options.db });
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
}

export function importFromFile(file: string, options: { name?: string; db: string }): void {
  const document = readJsonFile(file);
  const workbench = openWorkbench({ dbPath: options.db });
  try {
    const session = importSession(workbench.recordings, document, options.name, allWorkspaceSecrets(workbench.workspaces));
    console.log(`Imported ${session.exchangeCount} exchanges into session ${session.id} "${session.name}".`);
  } finally {
    workbench.close();
  }
}
