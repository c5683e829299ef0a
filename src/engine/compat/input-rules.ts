import type { Habit } from './modes';

/**
 * Schema violations a workspace may let through when its `lenientSchema` setting is on
 * (noted on the request) or refuses with `invalidValue` when it is off.
 */
export type SchemaViolation =
  /** An attribute (or sub-attribute) no schema of the resource type defines. */
  | 'unknownAttribute'
  /** A value outside an attribute's declared `canonicalValues` (e.g. an email `type` of "business"). */
  | 'nonCanonicalValue'
  /** A resource body without `schemas` (RFC 7643 §3 requires it): read as the resource type's core schema. */
  | 'missingSchemas';

/**
 * What the normaliser and PATCH ask while reading a client's input. RequestNotes implements it
 * from the workspace's settings and notes every answer; engine callers without a workspace
 * context use ACCEPT_EVERYTHING.
 */
export interface InputRules {
  /** May `habit` be normalised? false makes it the error a strict server gives. */
  acceptHabit(habit: Habit, detail: string): boolean;
  /** May the violation be let through? false makes it a 400 `invalidValue`. */
  tolerate(violation: SchemaViolation, detail: string): boolean;
}

export const ACCEPT_EVERYTHING: InputRules = Object.freeze({
  acceptHabit: () => true,
  tolerate: () => true,
});
