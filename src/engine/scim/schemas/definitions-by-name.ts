import type { AttributeDefinition } from './types';

const cache = new WeakMap<readonly AttributeDefinition[], ReadonlyMap<string, AttributeDefinition>>();

/**
 * Attribute definitions by their lower-cased name (names are case-insensitive, RFC 7643 §2.1), made
 * once per list: every key of every written document is looked up, and comparing it with each name of
 * the list in lower case cost a write dozens of toLowerCase calls. A list of definitions never changes
 * (the built-in schemas are constants, a workspace's extensions are made once per declaration). The
 * first definition of a name wins, as a search from the start would find it.
 */
export function definitionsByName(definitions: readonly AttributeDefinition[]): ReadonlyMap<string, AttributeDefinition> {
  let byName = cache.get(definitions);
  if (!byName) {
    const map = new Map<string, AttributeDefinition>();
    for (const definition of definitions) {
      const lower = definition.name.toLowerCase();
      if (!map.has(lower)) map.set(lower, definition);
    }
    cache.set(definitions, (byName = map));
  }
  return byName;
}
