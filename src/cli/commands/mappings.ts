import type { Command } from 'commander';
import type { AppUser, AppViewResponse } from '../../shared/mappings';
import { MappingError } from '../../engine/mappings/mapping-service';
import { DEFAULT_WORKSPACE } from '../../engine/store/workspaces';
import { openWorkbench } from '../../engine/workbench';
import { writePrivateFileSync } from '../../engine/files/private-files';
import { dbOption } from '../options';
import { readJsonFile } from '../read-json-file';

/**
 * `mappings export|import` and `app-view`: a workspace's mappings as a JSON file a team keeps in
 * its repository, and the app-side result a pipeline can assert on.
 */
export function registerMappings(program: Command) {
  const mappings = program
    .command('mappings')
    .description("Export or import a workspace's mappings (SCIM attributes → app fields, IdP groups → roles, lifecycle) as JSON.");

  mappings
    .command('export [file]')
    .description('Write the mappings as JSON (to standard output without FILE).')
    .option('-w, --workspace <name>', 'the workspace', DEFAULT_WORKSPACE)
    .addOption(dbOption())
    .action((file: string | undefined, options: { workspace: string; db: string }) => {
      const workbench = openWorkbench({ dbPath: options.db });
      try {
        const text = `${JSON.stringify(workbench.mappings.mappings(options.workspace), null, 2)}\n`;
        if (file) {
          writePrivateFileSync(file, text);
          console.error(`Wrote the mappings of workspace "${options.workspace}" to ${file}.`);
        } else process.stdout.write(text);
      } catch (error) {
        throw describe(error);
      } finally {
        workbench.close();
      }
    });

  mappings
    .command('import <file>')
    .description('Replace the mappings with those in FILE; nothing is stored if any rule has a problem (each one is listed).')
    .option('-w, --workspace <name>', 'the workspace', DEFAULT_WORKSPACE)
    .addOption(dbOption())
    .action((file: string, options: { workspace: string; db: string }) => {
      const input = readJsonFile(file);
      const workbench = openWorkbench({ dbPath: options.db });
      try {
        const saved = workbench.mappings.save(options.workspace, input);
        console.log(`Imported ${saved.attributes.length} attribute rule(s) and ${saved.groups.length} group rule(s) into workspace "${options.workspace}".`);
      } catch (error) {
        throw describe(error);
      } finally {
        workbench.close();
      }
    });

  program
    .command('app-view')
    .description("Print the app's users (fields, roles, status) as the workspace's mappings derive them from the SCIM resources.")
    .option('-w, --workspace <name>', 'the workspace', DEFAULT_WORKSPACE)
    .option('--json', 'print JSON (users, roles, unused attributes)')
    .addOption(dbOption())
    .action((options: { workspace: string; json?: boolean; db: string }) => {
      const workbench = openWorkbench({ dbPath: options.db });
      try {
        const view = workbench.mappings.wholeAppView(options.workspace);
        if (options.json) process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
        else printAppView(view);
      } catch (error) {
        throw describe(error);
      } finally {
        workbench.close();
      }
    });
}

function printAppView(view: AppViewResponse): void {
  if (view.users.length === 0) console.log('No users.');
  for (const user of view.users) console.log(describeUser(user));
  console.log(`Roles: ${view.roles.map((role) => `${role.name}${role.unmapped ? ' (unmapped group)' : ''}`).join(', ') || 'none'}`);
  if (view.unusedAttributes.length > 0) console.log(`Sent by the IdP but used by no rule: ${view.unusedAttributes.join(', ')}`);
}

function describeUser(user: AppUser): string {
  const fields = Object.entries(user.fields)
    .map(([field, value]) => `${field}=${value ?? '∅'}`)
    .join(' ');
  const warnings = user.warnings.map((warning) => `\n    ! ${warning}`).join('');
  return `${user.userName}\t${user.status}\troles: ${user.roles.join(', ') || '-'}\t${fields}${warnings}`;
}

/** Mapping problems as lines a person can fix; other errors unchanged. */
function describe(error: unknown): Error {
  if (error instanceof MappingError && error.problems.length > 0) {
    return new Error(`the mappings were not stored:\n${error.problems.map((problem) => `  ${problem.where || '(file)'}: ${problem.message}`).join('\n')}`);
  }
  return error as Error;
}
