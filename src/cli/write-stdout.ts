import { once } from 'node:events';

/** Writes text chunks to standard output, waiting when the reader (a pipe) is slower than the export. */
export async function writeChunksToStdout(chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
}
