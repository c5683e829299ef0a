import { definitionsByName } from './definitions-by-name';
import type { AttributeDefinition } from './types';

/** A complex attribute's sub-attribute by name; attribute names are case-insensitive (RFC 7643 §2.1). */
export function findSubAttribute(parent: AttributeDefinition, name: string): AttributeDefinition | undefined {
  return parent.subAttributes && definitionsByName(parent.subAttributes).get(name.toLowerCase());
}
