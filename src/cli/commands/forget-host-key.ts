import type { Command } from 'commander';
import { forgetHostKey, sshHostName } from '../../engine/tunnels/tunnel-settings';
import { openWorkbench } from '../../engine/workbench';
import { dbOption } from '../options';

/**
 * The CLI's "Forget host key": `serve --tunnel ssh://…` stops at a changed host key, and its
 * address is not stored for the admin API's DELETE to find, so the pin is forgotten here.
 */
export function registerForgetHostKey(program: Command) {
  program
    .command('forget-host-key')
    .description(
      "Forget the SSH server's host key pinned on first use (after checking its new key with the server's administrator); the next tunnel start pins the key it then offers.",
    )
    .argument('<address>', 'the SSH tunnel address, as given to serve --tunnel: ssh://user@host[:port]')
    .addOption(dbOption())
    .action((address: string, options: { db: string }) => {
      const host = sshHostName(address);
      if (!host) throw new Error(`"${address}" is not an SSH address: use ssh://user@host[:port], as with serve --tunnel.`);
      const workbench = openWorkbench({ dbPath: options.db });
      try {
        if (!forgetHostKey(workbench.appSettings, host)) throw new Error(`No host key is pinned for ${host}.`);
        console.log(`Forgot the host key pinned for ${host}; the next tunnel start pins the key the server then offers.`);
      } finally {
        workbench.close();
      }
    });
}
