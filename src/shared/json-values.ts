/** A JSON object: not null, not an array (`typeof` alone says "object" for both). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text parsed as JSON, or undefined when it is empty or not JSON (for answers that may be anything). */
export function parseJsonOrUndefined(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The text parsed as a JSON object, or undefined when it is empty, not JSON, or JSON of another shape. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const value = parseJsonOrUndefined(text);
  return isPlainObject(value) ? value : undefined;
}
