/** Checks a submitted setting against its allowed values; the error names where it was and what was sent. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${where} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`);
}
