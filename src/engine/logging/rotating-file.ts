import { chmodSync, closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureDirForPrivateFiles } from '../files/private-files';

export interface RotationOptions {
  /** A file reaching this size is rotated before the next line would take it past. */
  maxBytes: number;
  /** How many files to keep in all: the current one and `files - 1` rotated ones (`.1` the newest). */
  files: number;
}

/**
 * A log file that rotates by size: `workbench.log`, `workbench.log.1`, … `workbench.log.<files-1>`.
 *
 * Hand-written because no rotation library is installed (pino-roll is not in node_modules, and
 * the project adds no package for ~60 lines). Lines are written synchronously: the engine logs
 * little (start, stop, tunnels, 500s), and a 500's line must be on disk before its response
 * names it — a crash right after must not lose the stack the response points to.
 *
 * The folder is made 0700 and every file 0600: a stack or a URL can say more than a stranger
 * on the same machine should read. Two processes sharing a data folder (the app and `serve`)
 * append safely (O_APPEND) but may each rotate; at worst a rotation happens early.
 */
export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly rotation: RotationOptions,
  ) {
    if (!(rotation.maxBytes > 0)) throw new RangeError(`Log rotation needs maxBytes > 0 (got ${rotation.maxBytes}).`);
    if (!(Number.isInteger(rotation.files) && rotation.files >= 1)) throw new RangeError(`Log rotation needs files >= 1 (got ${rotation.files}).`);
    this.fd = this.open();
    this.size = fstatSync(this.fd).size;
  }

  /** Appends one or more whole lines; rotates first if they would take the file past maxBytes. */
  write(text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.rotation.maxBytes) this.rotate();
    writeSync(this.fd, text);
    this.size += bytes;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Also (re)makes the folder: someone clearing out old logs by deleting it must not end the logging. */
  private open(): number {
    // A folder it makes is the owner's only; one that exists (a `logs/` beside a --db in a project
    // folder, say) keeps the mode its owner gave it: the files in it are 0600 either way.
    ensureDirForPrivateFiles(dirname(this.path));
    const fd = openSync(this.path, 'a', 0o600);
    // The mode given to open applies only when it creates the file; an older file keeps its own.
    if (process.platform !== 'win32') chmodSync(this.path, 0o600);
    return fd;
  }

  private rotate(): void {
    closeSync(this.fd);
    const { files } = this.rotation;
    if (files === 1) {
      rmSync(this.path, { force: true });
    } else {
      rmSync(`${this.path}.${files - 1}`, { force: true });
      for (let n = files - 2; n >= 1; n--) renameIfPresent(`${this.path}.${n}`, `${this.path}.${n + 1}`);
      renameIfPresent(this.path, `${this.path}.1`);
    }
    this.fd = this.open();
    this.size = fstatSync(this.fd).size;
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
