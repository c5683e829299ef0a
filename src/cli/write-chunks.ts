import { once } from 'node:events';
import type { CliOutput } from './cli-io';

/** Writes text chunks to a command's output, waiting when the reader (a pipe) is slower than the export. */
export async function writeChunks(output: CliOutput, chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) {
    if (!output.write(chunk)) await once(output, 'drain');
  }
}
