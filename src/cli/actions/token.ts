import type { CliIo } from '../cli-io';
import { openWorkbench } from '../../engine/workbench';

export interface TokenOptions {
  workspace: string;
  db: string;
  regenerate?: boolean;
}

/** `token`: prints the workspace's token, or replaces it (revoking the old one and its OAuth access tokens). */
export function token(options: TokenOptions, io: CliIo): void {
  const workbench = openWorkbench({ dbPath: options.db });
  try {
    const workspace = workbench.workspaces.find(options.workspace);
    if (!workspace) throw new Error(`No workspace named "${options.workspace}". List them with: scim-workbench workspace list`);
    const token = options.regenerate ? workbench.workspaces.setToken(workspace.slug).token : workspace.token;
    io.out(`Token: ${token}`);
    if (options.regenerate)
      io.out('The previous token is revoked, and so is every OAuth access token issued with it: update it in your IdP (Okta: API token; Entra: Secret Token).');
  } finally {
    workbench.close();
  }
}
