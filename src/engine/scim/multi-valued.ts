/** A multi-valued attribute's elements; a lone value counts as one element, an absent one as none. */
export function elementsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}
