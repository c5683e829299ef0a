import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Reads a file a user handed to the workbench (a session file, a HAR, mappings, a Runscope export)
 * as UTF-8 text.
 *
 * Only regular files: opening a FIFO for reading blocks until something writes to it, and a device
 * such as /dev/zero never ends, so either would hang the command. The file is opened non-blocking
 * (which returns at once even for a FIFO) and checked with fstat on that same descriptor, so what is
 * checked is what is read.
 *
 * A UTF-8 byte order mark (Notepad and PowerShell's Out-File write one) is dropped: JSON.parse
 * refuses it, although the file is valid UTF-8 JSON (RFC 8259 §8.1 lets parsers ignore it).
 */
export function readInputTextFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new InputFileError(path, describeOpenError(error));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputFileError(path, `${path} is not a regular file (it is ${kindOf(stats)}); give the path of a file`);
    return stripByteOrderMark(readFileSync(fd, 'utf8'));
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(path, (error as Error).message);
  } finally {
    closeSync(fd);
  }
}

/** The same without blocking the event loop (the desktop app's main process reads session files this way). */
export async function readInputTextFileAsync(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new InputFileError(path, describeOpenError(error));
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new InputFileError(path, `${path} is not a regular file (it is ${kindOf(stats)}); give the path of a file`);
    return stripByteOrderMark(await handle.readFile('utf8'));
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(path, (error as Error).message);
  } finally {
    await handle.close();
  }
}

/** Why a file could not be read; `reason` alone, for callers that phrase the message themselves. */
export class InputFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Cannot read ${path}: ${reason}.`);
    this.name = 'InputFileError';
  }
}

/** Drops a leading U+FEFF, the UTF-8 byte order mark once decoded. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

function describeOpenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}
