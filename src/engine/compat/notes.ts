import type { InputRules, SchemaViolation } from './input-rules';
import { HABITS, acceptsHabit, type CompatibilityMode, type Habit } from './modes';

/**
 * What the engine noticed about one request besides its result: an IdP habit it normalised,
 * or a schema violation it let through because the workspace is lenient. The HTTP layer
 * sends the codes in the `X-Workbench-Notes` response header; the recorder stores them with
 * the exchange so the inspector can say "normalised from Entra ID's shape".
 */
export interface RequestNote {
  /**
   * `normalised`: an IdP habit was accepted; `violation`: a schema violation was let through;
   * `relinked`: a create was answered by updating an existing resource (re-provisioning).
   */
  kind: 'normalised' | 'violation' | 'relinked';
  /** A habit name (see HABITS) or a violation code such as `unknownAttribute`. */
  code: string;
  detail: string;
}

/** The notes of one request and the rules it is judged by; engine functions receive one. */
export class RequestNotes implements InputRules {
  readonly items: RequestNote[] = [];

  /**
   * @param mode which IdP habits are accepted (the workspace's `compatibility`)
   * @param lenientSchema whether schema violations are let through (the workspace's `lenientSchema`)
   */
  constructor(
    readonly mode: CompatibilityMode = 'auto',
    readonly lenientSchema = true,
  ) {}

  /**
   * Asks whether `habit` may be normalised in this workspace's mode; if so, notes it.
   * Callers throw their strict SCIM error when this returns false.
   */
  acceptHabit(habit: Habit, detail: string): boolean {
    if (!acceptsHabit(this.mode, habit)) return false;
    this.items.push({ kind: 'normalised', code: habit, detail: `${detail} (normalised from ${HABITS[habit]}'s shape)` });
    return true;
  }

  /** Lets a schema violation through, noted, when the workspace is lenient; callers refuse it otherwise. */
  tolerate(violation: SchemaViolation, detail: string): boolean {
    if (!this.lenientSchema) return false;
    this.violation(violation, detail);
    return true;
  }

  violation(code: string, detail: string): void {
    this.items.push({ kind: 'violation', code, detail });
  }

  /** A POST that updated an existing resource instead of creating one (see settings.reprovision). */
  relinked(code: string, detail: string): void {
    this.items.push({ kind: 'relinked', code, detail });
  }
}

/** Response header listing the request's notes, e.g. `normalised:capitalisedOp, violation:unknownAttribute`. */
export const NOTES_HEADER = 'x-workbench-notes';

/** The `X-Workbench-Notes` header's value: each note's `kind:code` once, e.g. `normalised:capitalisedOp, violation:unknownAttribute`. */
export function notesHeaderValue(notes: readonly { kind: string; code: string }[]): string | undefined {
  return notes.length === 0 ? undefined : [...new Set(notes.map((note) => `${note.kind}:${note.code}`))].join(', ');
}
