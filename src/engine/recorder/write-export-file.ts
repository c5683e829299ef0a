import { randomBytes } from 'node:crypto';
import { createWriteStream, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createPrivateWriteStream } from '../files/private-files';

/**
 * Writes text chunks to `path`, readable by its owner only (an export holds the people an IdP
 * provisioned; see files/private-files.ts). A file is written beside itself and renamed over the
 * target once complete, so a failed or cancelled export leaves the old file (or none), never a
 * truncated one that looks whole; a symbolic link keeps pointing at the new file. Anything that is
 * not a file (`/dev/stdout`, a FIFO) is written in place and never removed. `signal` cancels the
 * write (Ctrl-C): what was written is removed, and the promise rejects with an AbortError.
 */
export async function writeChunksToFile(path: string, chunks: AsyncIterable<string | Uint8Array>, signal?: AbortSignal): Promise<void> {
  const existing = statIfPresent(path);
  if (existing && !existing.isFile()) {
    await writeTo(path, () => createWriteStream(path), chunks, signal);
    return;
  }
  const target = existing ? realpathSync(path) : path;
  const partial = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await writeTo(path, () => createPrivateWriteStream(partial), chunks, signal);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

async function writeTo(path: string, open: () => Writable, chunks: AsyncIterable<string | Uint8Array>, signal?: AbortSignal): Promise<void> {
  try {
    await pipeline(Readable.from(chunks), open(), ...(signal ? [{ signal }] : []));
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(`Cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function statIfPresent(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
