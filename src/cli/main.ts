import { Command, CommanderError } from 'commander';
import { registerServe } from './commands/serve';
import { registerToken } from './commands/token';
import { registerWorkspace } from './commands/workspace';

/** The headless entry: `scim-workbench <command>`. Each command is a thin wrapper over engine functions. */
export function buildProgram(): Command {
  const program = new Command('scim-workbench')
    .description('Debug SCIM provisioning from Okta, Microsoft Entra ID and OneLogin against a local SCIM 2.0 server.')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  registerServe(program);
  registerToken(program);
  registerWorkspace(program);
  return program;
}

export async function main(argv = process.argv): Promise<void> {
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
