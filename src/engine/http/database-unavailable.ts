import { dirname } from 'node:path';
import { ScimError } from '../scim/errors';
import { isDatabaseBusy, isDiskFull } from '../store/database-failures';

/** Seconds a client is told to wait before retrying a write the database's lock refused. */
export const RETRY_AFTER_SECONDS = 2;

/** A SCIM error that tells the client when to come back (sent as `Retry-After`). */
export class RetryLaterError extends ScimError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number = RETRY_AFTER_SECONDS,
  ) {
    super(503, undefined, detail);
  }
}

/**
 * The SCIM error for a write the database itself refused, or undefined when the failure is
 * something else: 503 while another process holds the lock, 507 when the disk is full.
 */
export function databaseUnavailable(error: unknown, databasePath: string): ScimError | undefined {
  if (isDatabaseBusy(error)) {
    return new RetryLaterError(
      "The workbench's database is locked by another process writing to it (another SCIM Workbench, " +
        `its CLI, or a SQLite tool), so this write was not made. Retry in ${RETRY_AFTER_SECONDS} seconds; if it lasts, close that process.`,
    );
  }
  if (isDiskFull(error, databasePath)) {
    return new ScimError(
      507,
      undefined,
      `The disk holding the workbench's database (${dirname(databasePath)}) is full, so this write was not made and nothing of it ` +
        'was kept. Free some space there, then retry.',
    );
  }
  return undefined;
}
