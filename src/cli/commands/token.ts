import type { CliIo } from '../cli-io';
import type { Command } from 'commander';
import type { TokenOptions } from '../actions/token';
import { dbOption, workspaceOption } from '../options';

export function registerToken(program: Command, io: CliIo) {
  program
    .command('token')
    .description("Print a workspace's bearer token, or regenerate it (the old token stops working at once).")
    .addOption(workspaceOption())
    .addOption(dbOption())
    .option('--regenerate', 'replace the token with a new random one')
    .action(async (options: TokenOptions) => (await import('../actions/token')).token(options, io));
}
