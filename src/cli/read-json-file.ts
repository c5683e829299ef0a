import { readInputTextFile } from '../engine/files/input-file';

/** A JSON file named on the command line; each error names the file and what is wrong with it. */
export function readJsonFile(file: string): unknown {
  const text = readInputTextFile(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot read ${file} as JSON: ${(error as Error).message}`, { cause: error });
  }
}
