import { chmodSync, createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes text chunks to `path`, readable by its owner only (an export holds the people an IdP
 * provisioned): a new file is created 0600 and an existing one is set to 0600 before anything is
 * written. If the export fails after the file was opened, the partial file is removed, so no
 * truncated document is left looking complete.
 */
export async function writeChunksToFile(path: string, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
  const file = createWriteStream(path, { mode: 0o600 });
  try {
    await once(file, 'open');
  } catch (error) {
    throw new Error(`Cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    if (process.platform !== 'win32') chmodSync(path, 0o600);
    await pipeline(Readable.from(chunks), file);
  } catch (error) {
    file.destroy();
    rmSync(path, { force: true });
    throw new Error(`Cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
}
