import { resolveAttributePath } from '../../src/engine/scim/attribute-path';
import { compareCodePoints } from '../../src/engine/scim/filter/evaluate';
import type { AttributeDefinition, ResourceSchemas } from '../../src/engine/scim/schemas/types';

/**
 * RFC 7644 §3.4.2.3 sorting written the obvious way over served resources, as the oracle for
 * the ORDER BY that compileSort builds: the primary (else first) value that is there, folded
 * unless caseExact, missing values last ascending and first descending, ties in the order
 * given (the caller passes resources in creation order). Throws on a path that names nothing.
 */
export function sortResources<T extends Record<string, unknown>>(
  resources: readonly T[],
  sortBy: string,
  sortOrder: 'ascending' | 'descending',
  schemas: ResourceSchemas,
): T[] {
  const ref = resolveAttributePath(sortBy, schemas);
  if (!ref) throw new Error(`unknown sortBy ${sortBy}`);
  const { attribute } = ref;
  const keys = ref.subAttribute ? ref.documentKeys.slice(0, -1) : ref.documentKeys;
  let target: AttributeDefinition;
  let read: (resource: T) => unknown;
  if (attribute.multiValued) {
    target = ref.subAttribute ?? (attribute.type === 'complex' ? attribute.subAttributes!.find((sub) => sub.name === 'value')! : attribute);
    read = (resource) => {
      const elements = asArray(dig(resource, keys));
      const valueOf = (element: unknown) => (target === attribute ? element : dig(element, [target.name]));
      const candidates = elements.filter((element) => valueOf(element) !== undefined && valueOf(element) !== null);
      const chosen = candidates.find((element) => (element as { primary?: unknown })?.primary === true) ?? candidates[0];
      return chosen === undefined ? undefined : valueOf(chosen);
    };
  } else {
    target = ref.subAttribute ?? attribute;
    read = (resource) => dig(ref.subAttribute ? dig(resource, keys) : resource, ref.subAttribute ? [target.name] : keys);
  }
  const fold = (target.type === 'string' || target.type === 'reference') && !target.caseExact;
  const keyOf = (resource: T) => {
    const value = read(resource);
    if (value === undefined || value === null) return undefined;
    return fold && typeof value === 'string' ? value.toLowerCase() : value;
  };
  const direction = sortOrder === 'descending' ? -1 : 1;
  return resources
    .map((resource, index) => ({ resource, index, key: keyOf(resource) }))
    .sort((a, b) => {
      const byValue = compareKeys(a.key, b.key) * direction;
      return byValue !== 0 ? byValue : a.index - b.index;
    })
    .map((entry) => entry.resource);
}

/** Missing after present; then numbers/booleans numerically, strings by code point (SQLite's BINARY order). */
function compareKeys(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  const x = Number(a);
  const y = Number(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

function dig(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
