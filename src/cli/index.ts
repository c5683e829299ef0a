/* eslint-disable no-restricted-properties -- the process's entry: it owns the process's streams and exit code */
import { processIo } from './cli-io';
import { main } from './main';

/**
 * `scim-workbench app-view | head` closes the pipe before the output ends: like other Unix tools,
 * stop quietly then instead of dying on the write's EPIPE with a stack trace.
 */
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv, processIo());
