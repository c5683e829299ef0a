import { Command, CommanderError } from 'commander';
import { WORKBENCH_VERSION } from '../engine/version';
import { registerServe } from './commands/serve';
import { registerSessions } from './commands/sessions';
import { registerToken } from './commands/token';
import { registerWorkspace } from './commands/workspace';
import { registerMappings } from './commands/mappings';
import { registerFaults } from './commands/faults';
import { registerReplay } from './commands/replay';
import { registerSimulate } from './commands/simulate';
import { registerCheck } from './commands/check';
import { registerForgetHostKey } from './commands/forget-host-key';

/** The headless entry: `scim-workbench <command>`. Each command is a thin wrapper over engine functions. */
export function buildProgram(): Command {
  const program = new Command('scim-workbench')
    .description('Debug SCIM provisioning from Okta, Microsoft Entra ID and OneLogin against a local SCIM 2.0 server.')
    .version(WORKBENCH_VERSION)
    .showHelpAfterError('(run with --help for usage)');
  registerServe(program);
  registerToken(program);
  registerWorkspace(program);
  registerSessions(program);
  registerMappings(program);
  registerFaults(program);
  registerReplay(program);
  registerSimulate(program);
  registerCheck(program);
  registerForgetHostKey(program);
  return program;
}

/**
 * `scim-workbench app-view | head` closes the pipe before the output ends: like other Unix tools,
 * stop quietly then instead of dying on the write's EPIPE with a stack trace.
 */
function exitQuietlyWhenTheReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

export async function main(argv = process.argv): Promise<void> {
  exitQuietlyWhenTheReaderLeaves(process.stdout);
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    console.error(`scim-workbench: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
