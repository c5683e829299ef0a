import { format } from 'node:util';

/** A stream a command writes to; `isTTY` says whether a person watches it (progress bars then). */
export type CliOutput = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * Where a command writes and how it ends. `scim-workbench` gives every command the process's own
 * streams (index.ts); a caller that runs commands inside its own process (the CLI's tests) gives
 * streams it reads back. Commands write only here, never to `console` or `process.stdout`, and
 * report failure through `exitCode`, never by ending the process.
 */
export class CliIo {
  /** What the process exits with once the command returns: 0 unless something failed. */
  exitCode = 0;

  constructor(
    readonly stdout: CliOutput,
    readonly stderr: CliOutput,
  ) {}

  /** A line on standard output, formatted as console.log formats its arguments. */
  out(...values: unknown[]): void {
    this.stdout.write(`${format(...values)}\n`);
  }

  /** A line on standard error (progress, notes, what went wrong). */
  err(...values: unknown[]): void {
    this.stderr.write(`${format(...values)}\n`);
  }
}

/** The process's own standard output and error. */
export function processIo(): CliIo {
  // eslint-disable-next-line no-restricted-properties -- the one place the process's streams are handed out
  return new CliIo(process.stdout, process.stderr);
}
