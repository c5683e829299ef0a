import { isDeepStrictEqual } from 'node:util';
import { ScimError } from './errors';
import type { ScimDocument } from './normalize';
import type { AttributeDefinition, ResourceSchemas } from './schemas/types';
import { isPlainObject } from '../../shared/json-values';

/**
 * RFC 7644 §3.5.1: on PUT, an immutable attribute that already has a value must be sent with
 * that value, else 400 `mutability`. One the PUT leaves out keeps its value: a replace cannot
 * unset what "SHALL NOT be updated" (RFC 7643 §7). Checks attributes and the sub-attributes of
 * single-valued complex attributes, in the core schema and every extension; returns the
 * document to store.
 */
export function keepImmutable(before: ScimDocument, after: ScimDocument, schemas: ResourceSchemas): ScimDocument {
  const result: ScimDocument = { ...after };
  checkLevel(before, result, schemas.core.attributes, '');
  for (const extension of schemas.extensions) {
    const old = before[extension.id];
    if (!isPlainObject(old)) continue;
    const next: ScimDocument = isPlainObject(result[extension.id]) ? { ...(result[extension.id] as ScimDocument) } : {};
    checkLevel(old, next, extension.attributes, `${extension.id}:`);
    if (Object.keys(next).length > 0) result[extension.id] = next;
  }
  return result;
}

function checkLevel(before: ScimDocument, after: ScimDocument, definitions: readonly AttributeDefinition[], prefix: string): void {
  for (const definition of definitions) {
    const old = before[definition.name];
    if (old === undefined) continue;
    if (definition.mutability === 'immutable') {
      const sent = after[definition.name];
      if (sent === undefined) after[definition.name] = old;
      else if (!isDeepStrictEqual(old, sent)) {
        throw ScimError.badRequest(
          'mutability',
          `"${prefix}${definition.name}" is immutable; it is ${JSON.stringify(old)} and cannot become ${JSON.stringify(sent)}.`,
        );
      }
    } else if (definition.type === 'complex' && !definition.multiValued && isPlainObject(old)) {
      const subs = definition.subAttributes?.filter((sub) => sub.mutability === 'immutable') ?? [];
      if (subs.length === 0) continue;
      const next: ScimDocument = isPlainObject(after[definition.name]) ? { ...(after[definition.name] as ScimDocument) } : {};
      checkLevel(old, next, subs, `${prefix}${definition.name}.`);
      if (Object.keys(next).length > 0) after[definition.name] = next;
    }
  }
}
