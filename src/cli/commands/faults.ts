import type { CliIo } from '../cli-io';
import type { Command } from 'commander';
import { DEFAULT_WORKSPACE } from '../../engine/store/default-workspace';
import { dbOption } from '../options';

const actions = () => import('../actions/faults');

/**
 * `faults export|import`: a workspace's fault rules (the chaos lab) as a JSON file, to keep beside
 * a test plan or load with `serve --faults`. An import replaces the workspace's rules, all or none.
 */
export function registerFaults(program: Command, io: CliIo) {
  const faults = program.command('faults').description("Export or import a workspace's fault rules (the chaos lab) as a JSON rules file.");

  faults
    .command('export [file]')
    .description('Write the rules as JSON (to standard output without FILE).')
    .option('-w, --workspace <name>', 'the workspace', DEFAULT_WORKSPACE)
    .addOption(dbOption())
    .action(async (file: string | undefined, options: { workspace: string; db: string }) => (await actions()).exportFaults(file, options, io));

  faults
    .command('import <file>')
    .description(
      "Replace a workspace's rules with those in FILE (into the workspace the file names, or --workspace); nothing is stored if any rule has a problem.",
    )
    .option('-w, --workspace <name>', 'the workspace (default: the one the file names, else default)')
    .addOption(dbOption())
    .action(async (file: string, options: { workspace?: string; db: string }) => (await actions()).importFaults(file, options, io));
}
