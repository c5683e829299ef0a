import { stepsFromExchanges, stepsFromFile, type ReplayStep } from '../engine/replay/replay-steps';
import { readJsonFile } from './read-json-file';

/**
 * What `replay` sends: the exchanges of a session file or HAR, or of a session recorded in the
 * database (`--session N`), such as one recorded through a proxy workspace, to replay against the
 * upstream after each change of it.
 */
export async function replaySteps(file: string | undefined, options: { session?: number; db: string }): Promise<{ steps: ReplayStep[]; source: string }> {
  if ((file === undefined) === (options.session === undefined))
    throw new Error('Give a session file or HAR to replay, or --session <n> for a recorded session (not both).');
  if (file !== undefined) return { steps: stepsFromFile(readJsonFile(file)), source: file };
  // The database (better-sqlite3 and the stores) only for --session: a file's replay needs none of it.
  const { openWorkbench } = await import('../engine/workbench');
  const workbench = openWorkbench({ dbPath: options.db });
  try {
    const session = workbench.recordings.session(options.session!);
    if (!session) throw new Error(`No session ${options.session} in ${options.db}; \`scim-workbench sessions\` lists them.`);
    return { steps: stepsFromExchanges(workbench.recordings.sessionExchanges(session.id)), source: `session ${session.id} (${session.name})` };
  } finally {
    workbench.close();
  }
}
