import type { CliIo } from '../cli-io';
import type { Command } from 'commander';
import { dbOption } from '../options';

/**
 * The CLI's "Forget host key": `serve --tunnel ssh://…` stops at a changed host key, and its
 * address is not stored for the admin API's DELETE to find, so the pin is forgotten here.
 */
export function registerForgetHostKey(program: Command, io: CliIo) {
  program
    .command('forget-host-key')
    .description(
      "Forget the SSH server's host key pinned on first use (after checking its new key with the server's administrator); the next tunnel start pins the key it then offers.",
    )
    .argument('<address>', 'the SSH tunnel address, as given to serve --tunnel: ssh://user@host[:port]')
    .addOption(dbOption())
    .action(async (address: string, options: { db: string }) => (await import('../actions/forget-host-key')).forgetHostKey(address, options, io));
}
