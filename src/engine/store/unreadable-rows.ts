import type { RecordedNote } from '../../shared/recording';

/** The note on an exchange some of whose stored parts could not be read: made as the row is read, never stored. */
export const UNREADABLE_NOTE: Pick<RecordedNote, 'kind' | 'code'> = { kind: 'unreadable', code: 'unreadable' };

/**
 * Reads the JSON parts of one stored row, each on its own: a part that does not parse, or is not
 * the shape it must be, is replaced by its fallback and named in `note()`. A file damaged or edited
 * by hand then shows that row as far as it can be read, with a note saying what could not be,
 * instead of failing every list or view it is part of.
 */
export class RowParts {
  private readonly failures: string[] = [];

  read<T>(what: string, parse: () => T, fallback: T): T {
    try {
      return parse();
    } catch (error) {
      this.failures.push(`${what} (${(error as Error).message})`);
      return fallback;
    }
  }

  /** The note saying which parts were not read, or undefined when every part was. */
  note(): RecordedNote | undefined {
    if (this.failures.length === 0) return undefined;
    return {
      ...UNREADABLE_NOTE,
      detail: `Part of this exchange could not be read from the database, so it is shown without it: ${this.failures.join('; ')}.`,
    };
  }
}

/** JSON text that must hold an object (a stored request or response): anything else throws, as broken JSON does. */
export function parseObject<T>(text: string): T {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('not an object');
  return value as T;
}

/** JSON text that must hold an array (stored notes, member ids). */
export function parseArray<T>(text: string): T[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) throw new TypeError('not a list');
  return value as T[];
}
