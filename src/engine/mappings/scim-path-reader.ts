import { ScimError } from '../scim/errors';
import { parsePatchPath, type PatchPath } from '../scim/patch';
import type { ResourceSchemas } from '../scim/schemas/types';

/** A compiled mapping path: reads its value from a user document. */
export type PathReader = (document: Record<string, unknown>) => unknown;

/**
 * Compiles a mapping's SCIM path with the PATCH path grammar (so every form an IdP can write —
 * `name.givenName`, `emails[type eq "work"].value`, `urn:…:User:department`, custom extension
 * attributes — works, and no other). A bad path throws a ScimError whose detail says why.
 */
export function compileScimPath(path: string, schemas: ResourceSchemas): PathReader {
  const parsed = parsePatchPath(path, schemas);
  return (document) => readPath(document, parsed);
}

/** The reason a path cannot be used, or undefined when it can. */
export function explainScimPath(path: string, schemas: ResourceSchemas): string | undefined {
  try {
    parsePatchPath(path, schemas);
    return undefined;
  } catch (error) {
    if (error instanceof ScimError) return error.detail.replace(/PATCH path/g, 'path');
    throw error;
  }
}

function readPath(document: Record<string, unknown>, path: PatchPath): unknown {
  const { documentKeys, subAttribute } = path.ref;
  // Keys down to the attribute itself; a sub-attribute is read per element afterwards.
  const attributeKeys = subAttribute ? documentKeys.slice(0, -1) : documentKeys;
  let value: unknown = document;
  for (const key of attributeKeys) value = child(value, key);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    // A value filter picks elements; without one, a multi-valued attribute gives its primary
    // element, else its first — what an app with one field for it would keep.
    const elements = path.valueFilter ? value.filter((element) => path.valueFilter!.matches(element)) : value;
    const chosen = path.valueFilter ? elements[0] : (elements.find((element) => (element as { primary?: unknown })?.primary === true) ?? elements[0]);
    return subAttribute ? child(chosen, subAttribute.name) : chosen;
  }
  return subAttribute ? child(value, subAttribute.name) : value;
}

/** Document keys are matched case-insensitively, as SCIM attribute names are. */
function child(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  const found = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return found === undefined ? undefined : record[found];
}
