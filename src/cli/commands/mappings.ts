import type { CliIo } from '../cli-io';
import type { Command } from 'commander';
import { DEFAULT_WORKSPACE } from '../../engine/store/default-workspace';
import { dbOption } from '../options';

const actions = () => import('../actions/mappings');

/**
 * `mappings export|import` and `app-view`: a workspace's mappings as a JSON file a team keeps in
 * its repository, and the app-side result a pipeline can assert on.
 */
export function registerMappings(program: Command, io: CliIo) {
  const mappings = program
    .command('mappings')
    .description("Export or import a workspace's mappings (SCIM attributes → app fields, IdP groups → roles, lifecycle) as JSON.");

  mappings
    .command('export [file]')
    .description('Write the mappings as JSON (to standard output without FILE).')
    .option('-w, --workspace <name>', 'the workspace', DEFAULT_WORKSPACE)
    .addOption(dbOption())
    .action(async (file: string | undefined, options: { workspace: string; db: string }) => (await actions()).exportMappings(file, options, io));

  mappings
    .command('import <file>')
    .description('Replace the mappings with those in FILE; nothing is stored if any rule has a problem (each one is listed).')
    .option('-w, --workspace <name>', 'the workspace', DEFAULT_WORKSPACE)
    .addOption(dbOption())
    .action(async (file: string, options: { workspace: string; db: string }) => (await actions()).importMappings(file, options, io));

  program
    .command('app-view')
    .description("Print the app's users (fields, roles, status) as the workspace's mappings derive them from the SCIM resources.")
    .option('-w, --workspace <name>', 'the workspace', DEFAULT_WORKSPACE)
    .option('--json', 'print JSON (users, roles, unused attributes)')
    .addOption(dbOption())
    .action(async (options: { workspace: string; json?: boolean; db: string }) => (await actions()).appView(options, io));
}
