import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Refuses, before any work starts, a file a command will write at its end (a report, an export)
 * that it could not write: its folder missing or read-only, or the path a folder itself. Found
 * afterwards, the error would come once a whole run (minutes of checks or replayed steps) is done.
 */
export function checkOutputPath(path: string, option: string): void {
  const full = resolve(path);
  if (statSync(full, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${option} ${path} is a folder: give a file name.`);
  const folder = dirname(full);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${option} ${path}: the folder ${folder} does not exist.`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new Error(`${option} ${path}: the folder ${folder} cannot be written to.`);
  }
}
