import { Command, CommanderError } from 'commander';
import { CliIo, processIo } from './cli-io';
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
export function buildProgram(io: CliIo): Command {
  const program = new Command('scim-workbench')
    .description('Debug SCIM provisioning from Okta, Microsoft Entra ID and OneLogin against a local SCIM 2.0 server.')
    .version(WORKBENCH_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    // Help, --version and usage errors go to the command's streams, and end the command rather than
    // the process (main turns them into an exit code). Commands added below inherit both settings.
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  registerServe(program, io);
  registerToken(program, io);
  registerWorkspace(program, io);
  registerSessions(program, io);
  registerMappings(program, io);
  registerFaults(program, io);
  registerReplay(program, io);
  registerSimulate(program, io);
  registerCheck(program, io);
  registerForgetHostKey(program, io);
  return program;
}

/** Runs the command `argv` names; resolves with the exit code once it is done. Never ends the process itself. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`scim-workbench: ${(error as Error).message}`);
    return 1;
  }
  return io.exitCode;
}
