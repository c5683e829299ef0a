import { rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createPrivateWriteStream } from '../files/private-files';

/**
 * Writes text chunks to `path`, readable by its owner only (an export holds the people an IdP
 * provisioned; see files/private-files.ts). If the export fails after the file was opened, the
 * partial file is removed, so no truncated document is left looking complete.
 */
export async function writeChunksToFile(path: string, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
  let file;
  try {
    file = createPrivateWriteStream(path);
  } catch (error) {
    throw new Error(`Cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await pipeline(Readable.from(chunks), file);
  } catch (error) {
    file.destroy();
    rmSync(path, { force: true });
    throw new Error(`Cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
}
