/* eslint-disable no-restricted-properties -- the process's entry: it owns the process's streams and exit code */
import { processIo } from './cli-io';
import { main } from './main';

const io = processIo();

/**
 * `scim-workbench app-view | head` closes the pipe before the output ends: like other Unix tools,
 * stop quietly then instead of dying on the write's EPIPE with a stack trace, with the exit code
 * the command has set so far.
 */
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(io.exitCode);
});

process.exitCode = await main(process.argv, io);
