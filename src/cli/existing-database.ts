import { existsSync } from 'node:fs';
import { defaultDbPath } from '../engine/data-dir';
import { openWorkbench, type Workbench } from '../engine/workbench';

/**
 * Opens the database for a command that only reads it (`sessions`, `export`, `mappings export`,
 * `app-view`). A --db that names no file is refused rather than created: it is most often a typo,
 * and an empty database made there would answer "No sessions recorded yet" as if that were so.
 * The default database is opened (and made) as every command does: a first run has none yet.
 */
export function openExistingWorkbench(dbPath: string): Workbench {
  if (dbPath !== ':memory:' && dbPath !== defaultDbPath() && !existsSync(dbPath)) {
    throw new Error(`No database at ${dbPath}: nothing was recorded there. Check --db (serve makes the database where it records).`);
  }
  return openWorkbench({ dbPath });
}
