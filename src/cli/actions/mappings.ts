import type { CliIo } from '../cli-io';
import type { AppUser, AppViewResponse } from '../../shared/mappings';
import { MappingError } from '../../engine/mappings/mapping-service';
import { openWorkbench } from '../../engine/workbench';
import { openExistingWorkbench } from '../existing-database';
import { writePrivateFileSync } from '../../engine/files/private-files';
import { readJsonFile } from '../read-json-file';
import { isPlainObject } from '../../shared/json-values';

export function exportMappings(file: string | undefined, options: { workspace: string; db: string }, io: CliIo): void {
  const workbench = openExistingWorkbench(options.db);
  try {
    const text = `${JSON.stringify(workbench.mappings.mappings(options.workspace), null, 2)}\n`;
    if (file) {
      writePrivateFileSync(file, text);
      io.err(`Wrote the mappings of workspace "${options.workspace}" to ${file}.`);
    } else io.stdout.write(text);
  } catch (error) {
    throw describe(error);
  } finally {
    workbench.close();
  }
}

export function importMappings(file: string, options: { workspace: string; db: string }, io: CliIo): void {
  const input = readJsonFile(file);
  // The engine fills what a document leaves out (no rules); an import replaces every rule, so a file
  // without its lists, `{}` above all, would delete them unasked. Said instead, with the way to mean it.
  if (isPlainObject(input)) {
    const missing = (['attributes', 'groups'] as const).filter((key) => !(key in input));
    if (missing.length > 0) {
      const names = missing.map((key) => `"${key}"`).join(' and ');
      throw new Error(`${file} has no ${names}: an import replaces every rule, so give each list, [] for none (see scim-workbench mappings export).`);
    }
  }
  const workbench = openWorkbench({ dbPath: options.db });
  try {
    const saved = workbench.mappings.save(options.workspace, input);
    io.out(`Imported ${saved.attributes.length} attribute rule(s) and ${saved.groups.length} group rule(s) into workspace "${options.workspace}".`);
  } catch (error) {
    throw describe(error);
  } finally {
    workbench.close();
  }
}

export function appView(options: { workspace: string; json?: boolean; db: string }, io: CliIo): void {
  const workbench = openExistingWorkbench(options.db);
  try {
    const view = workbench.mappings.wholeAppView(options.workspace);
    if (options.json) io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    else printAppView(view, io);
  } catch (error) {
    throw describe(error);
  } finally {
    workbench.close();
  }
}

function printAppView(view: AppViewResponse, io: CliIo): void {
  if (view.users.length === 0) io.out('No users.');
  for (const user of view.users) io.out(describeUser(user));
  io.out(`Roles: ${view.roles.map((role) => `${role.name}${role.unmapped ? ' (unmapped group)' : ''}`).join(', ') || 'none'}`);
  if (view.unusedAttributes.length > 0) io.out(`Sent by the IdP but used by no rule: ${view.unusedAttributes.join(', ')}`);
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
