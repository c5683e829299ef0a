import { resolveAttributePath, type AttributeRef } from '../attribute-path';
import { ScimError } from '../errors';
import { valueFilterPredicate, type ElementPredicate } from '../filter/evaluate';
import { parseFilter, type Filter } from '../filter/parse';
import type { ResourceSchemas } from '../schemas/types';

/**
 * A parsed PATCH `path` (RFC 7644 §3.5.2, figure 4 grammar):
 *
 *   PATH = attrPath / valuePath [subAttr]
 *
 * so `userName`, `name.givenName`, `urn:…:enterprise:2.0:User:manager.value`,
 * `emails[type eq "work"]` and `emails[type eq "work"].value`.
 */
export interface PatchPath {
  /** The path as the client sent it, for error messages. */
  text: string;
  /**
   * The attribute the path names. With a value filter, `ref.attribute` is the multi-valued
   * attribute and `ref.subAttribute` the optional sub-attribute after the brackets.
   */
  ref: AttributeRef;
  valueFilter?: { filter: Filter; matches: ElementPredicate };
}

/**
 * The grammar is small enough that splitting it by hand is clearer than bending the filter
 * parser to it: scim2-parse-filter only knows whole filters, and a bare `emails[…].value`
 * is not one. The bracket content is a filter, and goes to parseFilter.
 */
export function parsePatchPath(path: string, schemas: ResourceSchemas): PatchPath {
  const text = path.trim();
  if (text === '') throw invalidPath('The PATCH path is empty.');
  const open = text.indexOf('[');
  if (open === -1) {
    assertPlainAttrPath(text, text);
    return { text, ref: resolve(text, text, schemas) };
  }

  const attrPath = text.slice(0, open);
  assertPlainAttrPath(attrPath, text);
  const close = closingBracket(text, open);
  const rest = text.slice(close + 1);
  if (rest !== '' && !/^\.[^\s.[\]"]+$/.test(rest)) {
    throw invalidPath(`The PATCH path "${text}" has "${rest}" after its value filter; only ".subAttribute" may follow.`);
  }

  const attribute = resolve(attrPath, text, schemas);
  if (attribute.subAttribute || attribute.attribute.type !== 'complex' || !attribute.attribute.multiValued) {
    throw invalidPath(`"${attrPath}" is not a multi-valued complex attribute, so the PATCH path "${text}" cannot filter it.`);
  }
  const ref = rest === '' ? attribute : resolve(`${attrPath}${rest}`, text, schemas);
  // Syntax errors and unknown sub-attributes inside the brackets are invalidFilter, as
  // RFC 7644 Table 9 lists that type for PATCH path filters.
  const inner = text.slice(open + 1, close);
  if (inner.trim() === '') throw invalidPath(`The PATCH path "${text}" has an empty value filter.`);
  const filter = parseFilter(inner);
  return { text, ref, valueFilter: { filter, matches: valueFilterPredicate(filter, attribute.attribute) } };
}

function resolve(attrPath: string, text: string, schemas: ResourceSchemas): AttributeRef {
  const ref = resolveAttributePath(attrPath, schemas);
  if (!ref) {
    throw invalidPath(
      `Unknown attribute "${attrPath}" in PATCH path "${text}" for resource type ${schemas.resourceType.name}.`,
    );
  }
  return ref;
}

function assertPlainAttrPath(attrPath: string, text: string): void {
  if (attrPath === '') throw invalidPath(`The PATCH path "${text}" has no attribute name before "[".`);
  if (/[\s\]"]/.test(attrPath)) throw invalidPath(`The PATCH path "${text}" is malformed.`);
}

/** Index of the `]` that closes the `[` at `open`, skipping quoted strings (`[value eq "a]b"]`). */
function closingBracket(text: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[') throw invalidPath(`The PATCH path "${text}" nests value filters, which SCIM does not allow.`);
    else if (char === ']') return i;
  }
  throw invalidPath(`The PATCH path "${text}" has an unclosed "[".`);
}

const invalidPath = (detail: string) => ScimError.badRequest('invalidPath', detail);
