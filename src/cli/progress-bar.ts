import type { SingleBar } from 'cli-progress';

/**
 * A progress bar on stderr when it is a terminal, else none (a pipeline's log gets lines of its
 * own). cli-progress loads only then: from node_modules it is a dozen files, ~10–20 ms of CPU that
 * `sessions`, `import`, `export` and `replay` in a script or a test would pay for nothing.
 */
export async function terminalProgressBar(format: string): Promise<SingleBar | undefined> {
  if (!process.stderr.isTTY) return undefined;
  const { SingleBar, Presets } = await import('cli-progress');
  return new SingleBar({ format, stream: process.stderr }, Presets.shades_classic);
}
