import type { SingleBar } from 'cli-progress';
import type { CliOutput } from './cli-io';

/**
 * A progress bar on stderr when it is a terminal, else none (a pipeline's log gets lines of its
 * own). cli-progress loads only then: from node_modules it is a dozen files, ~10–20 ms of CPU that
 * `sessions`, `import`, `export` and `replay` in a script or a test would pay for nothing.
 */
export async function terminalProgressBar(stream: CliOutput, format: string): Promise<SingleBar | undefined> {
  if (!stream.isTTY) return undefined;
  const { SingleBar, Presets } = await import('cli-progress');
  return new SingleBar({ format, stream: stream as NodeJS.WritableStream & NodeJS.WriteStream }, Presets.shades_classic);
}
