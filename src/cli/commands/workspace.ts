import type { Command } from 'commander';
import { openWorkbench, type Workbench } from '../../engine/workbench';
import { dbOption } from '../options';

function withWorkbench(db: string, work: (workbench: Workbench) => void) {
  const workbench = openWorkbench({ dbPath: db });
  try {
    work(workbench);
  } finally {
    workbench.close();
  }
}

/** Workspaces are isolated SCIM tenants, so Okta and Entra can be connected side by side. */
export function registerWorkspace(program: Command) {
  const workspace = program.command('workspace').description('List, create and delete workspaces (isolated SCIM tenants).');

  workspace
    .command('list')
    .description('List workspaces and their SCIM paths.')
    .addOption(dbOption())
    .action((options: { db: string }) =>
      withWorkbench(options.db, (workbench) => {
        for (const item of workbench.workspaces.list()) {
          const path = item.slug === 'default' ? '/scim/v2' : `/w/${item.slug}/scim/v2`;
          console.log(`${item.slug}\t${path}\t${item.name}`);
        }
      }),
    );

  workspace
    .command('create <name>')
    .description('Create a workspace served at /w/<name>/scim/v2 with its own token.')
    .option('--title <title>', 'a human-readable title')
    .addOption(dbOption())
    .action((name: string, options: { db: string; title?: string }) =>
      withWorkbench(options.db, (workbench) => {
        const created = workbench.workspaces.create(name, options.title ?? name);
        console.log(`Workspace: ${created.slug}`);
        console.log(`SCIM path: /w/${created.slug}/scim/v2`);
        console.log(`Token: ${created.token}`);
      }),
    );

  workspace
    .command('delete <name>')
    .description('Delete a workspace and all of its users and groups.')
    .addOption(dbOption())
    .action((name: string, options: { db: string }) =>
      withWorkbench(options.db, (workbench) => {
        workbench.workspaces.delete(name);
        console.log(`Deleted workspace ${name}.`);
      }),
    );
}
