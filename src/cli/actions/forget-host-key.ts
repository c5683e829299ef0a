import type { CliIo } from '../cli-io';
import { forgetHostKey as forgetPinnedKey, sshHostName } from '../../engine/tunnels/tunnel-settings';
import { openWorkbench } from '../../engine/workbench';

/** `forget-host-key`: the pin of the SSH server `address` names is removed, so the next tunnel start pins anew. */
export function forgetHostKey(address: string, options: { db: string }, io: CliIo): void {
  const host = sshHostName(address);
  if (!host) throw new Error(`"${address}" is not an SSH address: use ssh://user@host[:port], as with serve --tunnel.`);
  const workbench = openWorkbench({ dbPath: options.db });
  try {
    if (!forgetPinnedKey(workbench.appSettings, host)) throw new Error(`No host key is pinned for ${host}.`);
    io.out(`Forgot the host key pinned for ${host}; the next tunnel start pins the key the server then offers.`);
  } finally {
    workbench.close();
  }
}
