import type { Command } from 'commander';
import { openWorkbench } from '../../engine/workbench';
import { dbOption, workspaceOption } from '../options';

export function registerToken(program: Command) {
  program
    .command('token')
    .description("Print a workspace's bearer token, or regenerate it (the old token stops working at once).")
    .addOption(workspaceOption())
    .addOption(dbOption())
    .option('--regenerate', 'replace the token with a new random one')
    .action((options: { workspace: string; db: string; regenerate?: boolean }) => {
      const workbench = openWorkbench({ dbPath: options.db });
      try {
        const workspace = workbench.workspaces.find(options.workspace);
        if (!workspace) throw new Error(`No workspace named "${options.workspace}". List them with: scim-workbench workspace list`);
        const token = options.regenerate ? workbench.workspaces.setToken(workspace.slug).token : workspace.token;
        console.log(`Token: ${token}`);
        if (options.regenerate)
          console.log(
            'The previous token is revoked, and so is every OAuth access token issued with it: update it in your IdP (Okta: API token; Entra: Secret Token).',
          );
      } finally {
        workbench.close();
      }
    });
}
