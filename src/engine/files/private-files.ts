import { chmodSync, closeSync, createWriteStream, fchmodSync, fstatSync, mkdirSync, openSync, writeSync, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Files and directories only their owner can read. The workbench's files hold workspace tokens,
 * recorded SCIM traffic and reports about it; a umask of 022 (the usual one) would otherwise make
 * them 0644 and the data directory 0755, readable by every account on the machine.
 *
 * Modes are set when the file is created (open with 0600, so no byte is ever written to a file
 * others can read) and again on an existing file being reused, whose mode the create flag leaves
 * alone. Only regular files are chmodded: `--out /dev/stdout` must not change a terminal's mode.
 * Windows has no POSIX modes (a user's profile folder is already private), so nothing is changed there.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const posix = process.platform !== 'win32';

/** Creates the directory (and missing parents) 0700, and tightens it to 0700 if it already existed. */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix) chmodSync(path, PRIVATE_DIR_MODE);
}

/**
 * Creates missing directories 0700 but leaves an existing one as it is: a directory the user
 * named (their project folder, the current directory) is theirs to set, not ours.
 */
export function ensureDirForPrivateFiles(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Makes an existing file (SQLite's -wal and -shm, say) 0600; a missing file is fine (nothing to protect). */
export function tightenFile(path: string): void {
  if (!posix) return;
  try {
    chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Missing: nothing to protect. Someone else's file: not ours to change, and its owner already reads it.
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

/** Creates the file empty and 0600 when it does not exist; tightens it to 0600 when it does. */
export function ensurePrivateFile(path: string): void {
  closeSync(openPrivateFileSync(path, 'a'));
}

/** fchmod on the open descriptor, so there is no window in which a path swap redirects the chmod. */
function tightenDescriptor(fd: number): void {
  if (!posix) return;
  const stats = fstatSync(fd);
  if (stats.isFile() && (stats.mode & 0o777) !== PRIVATE_FILE_MODE) fchmodSync(fd, PRIVATE_FILE_MODE);
}

/** Opens a file for writing ('w' truncates, 'a' appends), created 0600, an existing one made 0600. */
export function openPrivateFileSync(path: string, flags: 'w' | 'a' = 'w'): number {
  const fd = openSync(path, flags, PRIVATE_FILE_MODE);
  try {
    tightenDescriptor(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/** writeFileSync, but the file is the owner's only from its first byte. */
export function writePrivateFileSync(path: string, data: string | Uint8Array): void {
  const fd = openPrivateFileSync(path, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } finally {
    closeSync(fd);
  }
}

/** The same for async callers (the desktop app's main process must not block its event loop). */
export async function writePrivateFile(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w', PRIVATE_FILE_MODE);
  try {
    if (posix && (await handle.stat()).isFile()) await handle.chmod(PRIVATE_FILE_MODE);
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

/** A write stream (for exports streamed to a file, logs) on a file opened as openPrivateFileSync does. */
export function createPrivateWriteStream(path: string, flags: 'w' | 'a' = 'w'): WriteStream {
  return createWriteStream(path, { fd: openPrivateFileSync(path, flags) });
}
