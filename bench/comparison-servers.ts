import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServerChild, type ChildOptions, type ServerChild } from './processes';

/**
 * The servers each SCIM scenario is measured beside (besides the bare route): the minimal reference
 * server (reference-server.ts) and the same SCIM server with recording off. Each gets its own copy of
 * the seeded database, made before any server opens it, so one's writes never slow or change another's.
 */
export async function startComparisonServers(
  workDir: string,
  seededDbPath: string,
  token: string,
  options: ChildOptions,
  children: ServerChild[],
): Promise<{ reference: ServerChild; unrecorded: ServerChild }> {
  const referenceDb = join(workDir, 'reference.db');
  const unrecordedDb = join(workDir, 'recording-off.db');
  // Closing the seeding connection checkpointed its WAL into the file: the file is the whole database.
  copyFileSync(seededDbPath, referenceDb);
  copyFileSync(seededDbPath, unrecordedDb);
  const reference = await startServerChild('./reference-server.ts', [referenceDb, token], options);
  children.push(reference);
  const unrecorded = await startServerChild('./scim-server.ts', [unrecordedDb, 'recording-off'], options);
  children.push(unrecorded);
  return { reference, unrecorded };
}
