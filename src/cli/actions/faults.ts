import type { CliIo } from '../cli-io';
import type { FaultRulesFile } from '../../shared/faults';
import { DEFAULT_WORKSPACE } from '../../engine/store/default-workspace';
import { openWorkbench, type Workbench } from '../../engine/workbench';
import { writePrivateFileSync } from '../../engine/files/private-files';
import { checkRulesFile, FaultRuleError } from '../../engine/faults/rule-check';
import { readJsonFile } from '../read-json-file';

export function exportFaults(file: string | undefined, options: { workspace: string; db: string }, io: CliIo): void {
  const workbench = openWorkbench({ dbPath: options.db });
  try {
    const exported = workbench.faults.exportFile(options.workspace);
    const text = `${JSON.stringify(exported, null, 2)}\n`;
    if (file) {
      writePrivateFileSync(file, text);
      io.err(`Wrote ${exported.rules.length} fault rule(s) of workspace "${exported.workspace}" to ${file}.`);
    } else io.stdout.write(text);
  } finally {
    workbench.close();
  }
}

export function importFaults(file: string, options: { workspace?: string; db: string }, io: CliIo): void {
  const rules = readRulesFile(file);
  const workbench = openWorkbench({ dbPath: options.db });
  try {
    io.out(loadRulesFile(workbench, rules, options.workspace));
  } finally {
    workbench.close();
  }
}

/** A rules file read and checked: a problem names the file, where in it, and what is wrong. */
export function readRulesFile(file: string): { file: string; rules: FaultRulesFile } {
  const input = readJsonFile(file);
  try {
    return { file, rules: checkRulesFile(input) };
  } catch (error) {
    if (!(error instanceof FaultRuleError)) throw error;
    const lines = error.problems.map((problem) => `  ${problem.where || '(file)'}: ${problem.message}`);
    throw new Error(`${file} is not a fault rules file the workbench can use; nothing was stored:\n${lines.join('\n')}`, { cause: error });
  }
}

/** Stores a checked file's rules in place of the workspace's; says what was done. */
export function loadRulesFile(workbench: Workbench, { file, rules }: { file: string; rules: FaultRulesFile }, workspace?: string): string {
  const slug = workspace ?? rules.workspace ?? DEFAULT_WORKSPACE;
  if (!workbench.workspaces.find(slug))
    throw new Error(`No workspace named "${slug}" for the rules of ${file} (create it with \`workspace create ${slug}\`, or pass --workspace).`);
  const list = workbench.faults.importFile(slug, rules);
  const enabled = list.rules.filter((rule) => rule.enabled).length;
  return `Fault rules: ${list.rules.length} from ${file} into workspace "${slug}" (${enabled} enabled).`;
}
