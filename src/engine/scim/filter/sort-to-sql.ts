import { resolveAttributePath } from '../attribute-path';
import { ScimError } from '../errors';
import type { AttributeDefinition, ResourceSchemas } from '../schemas/types';
import { AliasAllocator, utcInstant, type AttributeSqlMap, type SqlFragment } from './sql-types';
import { findSubAttribute } from '../schemas/find-sub-attribute';

/**
 * `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3) → an ORDER BY list over the resources table.
 *
 * - sortBy is any attribute path the filter accepts (case-insensitive, URN-qualified, with a
 *   sub-attribute). A multi-valued attribute sorts by its primary value, else its first one
 *   that has the (sub-)attribute; `emails` alone means `emails.value`.
 * - Strings that are not caseExact sort case-insensitively (folded like filters do); caseExact
 *   ones and everything else by SQLite's order (code points, numbers, false < true); dateTimes
 *   by instant (normalised to UTC text unless stored that way).
 * - Resources without a value sort last ascending and first descending: descending is the
 *   exact reverse of ascending, except that ties stay in creation order (r.seq) both ways.
 * - An unknown or unsortable sortBy is 400 invalidValue (RFC 7644 names no scimType for it;
 *   invalidValue is what §3.12 gives for a bad parameter value). A sortOrder other than
 *   "ascending"/"descending" (any case) is 400 invalidValue too.
 *
 * Attribute paths reach SQL only as bound JSON paths, as in the filter compiler.
 */
export function compileSort(
  sortBy: string | undefined,
  sortOrder: string | undefined,
  schemas: ResourceSchemas,
  map: AttributeSqlMap,
): SqlFragment | undefined {
  const descending = parseSortOrder(sortOrder);
  if (sortBy === undefined) return undefined;
  const path = sortBy.trim();
  const ref = path === '' ? undefined : resolveAttributePath(path, schemas);
  if (!ref) throw invalid(`sortBy "${sortBy}" is not an attribute of ${schemas.resourceType.name}.`);

  const { attribute } = ref;
  const aliases = new AliasAllocator();
  let definition: AttributeDefinition | undefined;
  let value: SqlFragment & { folded?: boolean; canonicalInstant?: boolean };
  if (attribute.multiValued) {
    definition = ref.subAttribute ?? (attribute.type === 'complex' ? findSubAttribute(attribute, 'value') : attribute);
    if (!definition) throw invalid(`sortBy "${sortBy}": "${attribute.name}" has no "value"; name one of its sub-attributes.`);
    const resolved = map.resolve({ ...ref, subAttribute: undefined }, aliases);
    if (resolved?.kind !== 'collection') throw invalid(`sortBy "${sortBy}" cannot be sorted on.`);
    value = resolved.first(definition === attribute ? undefined : definition);
  } else {
    definition = ref.subAttribute ?? attribute;
    const resolved = map.resolve(ref, aliases);
    if (resolved?.kind !== 'scalar' || resolved.notComparable || definition.type === 'complex') {
      throw invalid(`sortBy "${sortBy}" is ${definition.type === 'complex' ? 'a complex attribute; name one of its sub-attributes' : 'not sortable'}.`);
    }
    value = resolved;
  }
  if (definition.type === 'binary') throw invalid(`sortBy "${sortBy}" is binary and cannot be sorted on.`);

  const folds = (definition.type === 'string' || definition.type === 'reference') && !definition.caseExact;
  const asInstant = definition.type === 'dateTime' && !value.canonicalInstant;
  const key = folds && !value.folded ? `scim_fold(${value.sql})` : asInstant ? utcInstant(value.sql) : `(${value.sql})`;
  const direction = descending ? 'DESC' : 'ASC';
  // `(key IS NULL)` is 0 for a value and 1 without one: missing last ascending, first descending.
  return {
    sql: `(${key} IS NULL) ${direction}, ${key} ${direction}`,
    params: [...value.params, ...value.params],
  };
}

function parseSortOrder(sortOrder: string | undefined): boolean {
  if (sortOrder === undefined) return false;
  const order = sortOrder.trim().toLowerCase();
  if (order === 'ascending') return false;
  if (order === 'descending') return true;
  throw invalid(`sortOrder must be "ascending" or "descending", not "${sortOrder}".`);
}

const invalid = (detail: string) => ScimError.badRequest('invalidValue', detail);
