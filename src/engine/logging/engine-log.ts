import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { LOG_FILE_NAME } from './log-location';
import { RotatingFile, type RotationOptions } from './rotating-file';
/** Enough for weeks of start/stop lines and 500 stacks, small enough never to matter on disk. */
export const DEFAULT_ROTATION: RotationOptions = { maxBytes: 10 * 1024 * 1024, files: 5 };

/**
 * Never logged, whatever a later log call passes: the SCIM and admin bearer tokens travel in
 * Authorization, a browser's in Cookie. Bodies are never logged (they hold passwords and PII).
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["proxy-authorization"]',
  'headers.cookie',
  'headers["set-cookie"]',
];

export interface EngineLogOptions {
  /** Folder for `workbench.log` (made 0700); absent: no file. */
  dir?: string;
  /** Also write each line to stderr (`serve`). */
  stderr?: boolean;
  rotation?: RotationOptions;
}

export interface EngineLog {
  logger: Logger;
  /** The current log file, when there is one. */
  file?: string;
  close(): void;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
}

function requestSummary(request: LoggedRequest) {
  return { method: request.method, url: request.url?.split('?')[0], remoteAddress: request.ip };
}

/**
 * The engine's one logger (pino, as fastify uses): JSON lines to a size-rotated file in the data
 * folder and, for `serve`, to stderr. Both fastify instances log through children of it, so a
 * request's lines carry its `reqId` — the correlation id its response names.
 */
export function createEngineLog(options: EngineLogOptions): EngineLog {
  const file = options.dir ? new RotatingFile(join(options.dir, LOG_FILE_NAME), options.rotation ?? DEFAULT_ROTATION) : undefined;
  let fileOpen = file !== undefined;
  const destination = {
    write(line: string) {
      if (file && fileOpen) {
        try {
          file.write(line);
        } catch (error) {
          // A full disk must not turn every request into a failure; say so once, where someone may see it.
          fileOpen = false;
          process.stderr.write(`scim-workbench: cannot write the log file ${file.path} (${(error as Error).message}); logging to it stopped.\n`);
        }
      }
      if (options.stderr) process.stderr.write(line);
    },
  };
  const logger = pino(
    {
      name: 'scim-workbench',
      level: file || options.stderr ? 'info' : 'silent',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Replaces fastify's: the path without the query, which may carry the live feed's admin token.
      serializers: { req: requestSummary },
    },
    destination,
  );
  return {
    logger,
    file: file?.path,
    close: () => {
      if (file && fileOpen) file.close();
      fileOpen = false;
    },
  };
}
