import type { AttributeRef } from '../attribute-path';
import type { AttributeDefinition } from '../schemas/types';

/** A piece of SQL and the values bound to its `?` placeholders, in order. Nothing from a filter is ever spliced into SQL text. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** An SQL expression that yields one attribute value. */
export interface SqlScalar extends SqlFragment {
  kind: 'scalar';
  /** The stored value is already case-folded (an index column), so only the comparison value needs folding. */
  folded?: boolean;
  /** How to test presence (`pr`) when `IS NOT NULL AND <> ''` is not enough (JSON objects and arrays). */
  present?: SqlFragment;
  /**
   * The value is a dateTime already written as `Date.toISOString()` does (the meta columns), so
   * text order is instant order; other dateTimes are normalised with strftime first.
   */
  canonicalInstant?: boolean;
  /** Why this value can be tested with `pr` but not compared (the reason becomes the invalidFilter detail). */
  notComparable?: string;
}

/** Gives the SQL for one element of a multi-valued attribute: a sub-attribute, or the element itself. */
export type ElementAccessor = (subAttribute: AttributeDefinition | undefined) => SqlScalar;

/** A multi-valued attribute: a filter over it becomes `EXISTS (SELECT 1 FROM <elements> WHERE <predicate>)`. */
export interface SqlCollection {
  kind: 'collection';
  exists(predicate: (element: ElementAccessor) => SqlFragment): SqlFragment;
  /**
   * One value for sorting (RFC 7644 §3.4.2.3): `value` of the primary element that has one,
   * else of the first element (in served order) that has one; NULL when none has.
   */
  first(subAttribute: AttributeDefinition | undefined): SqlFragment;
}

/**
 * Where each attribute of a resource lives in the database. The filter compiler knows SCIM;
 * the store supplies this map, so the compiler does not know table layouts and the store
 * does not know filter grammar.
 */
export interface AttributeSqlMap {
  resolve(ref: AttributeRef, aliases: AliasAllocator): SqlScalar | SqlCollection | undefined;
}

/** Unique table aliases for nested EXISTS sub-queries. */
export class AliasAllocator {
  private next = 0;
  take(prefix: string): string {
    return `${prefix}${++this.next}`;
  }
}

/** Builds a JSON path (`$."name"."givenName"`) for json_extract; bound as a parameter, quoted per key. */
export function jsonPath(keys: readonly string[]): string {
  return '$' + keys.map((key) => `.${JSON.stringify(key)}`).join('');
}

/**
 * A dateTime as the UTC text `Date.toISOString()` writes (millisecond precision), so that
 * `2024-03-01T11:00:00+02:00` and `2024-03-01T09:00:00Z` compare as the same instant, as in
 * the evaluator. Text SQLite cannot read as a date becomes NULL, which matches nothing.
 */
export function utcInstant(sql: string): string {
  return `strftime('%Y-%m-%dT%H:%M:%fZ', ${sql})`;
}
