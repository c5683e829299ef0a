import { dirname, join } from 'node:path';

/** Where the engine log lives; apart from engine-log.ts so the Electron main process can say it without loading pino. */
export const LOG_DIR_NAME = 'logs';
export const LOG_FILE_NAME = 'workbench.log';

/** The logs folder beside a database file; none for an in-memory database. */
export function logDirFor(dbPath: string): string | undefined {
  return dbPath === ':memory:' ? undefined : join(dirname(dbPath), LOG_DIR_NAME);
}
