import { resolveAttributePath, type AttributeRef } from '../attribute-path';
import type { InputRules } from '../../compat/input-rules';
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
export function parsePatchPath(path: string, schemas: ResourceSchemas, options: PatchPathOptions = {}): PatchPath {
  const text = path.trim();
  if (text === '') throw invalidPath('The PATCH path is empty.');
  const resolve = resolver(text, schemas, options.unqualifiedExtensionRules);
  const open = text.indexOf('[');
  if (open === -1) {
    assertPlainAttrPath(text, text);
    return { text, ref: resolve(text) };
  }

  const attrPath = text.slice(0, open);
  assertPlainAttrPath(attrPath, text);
  const close = closingBracket(text, open);
  const rest = text.slice(close + 1);
  if (rest !== '' && !/^\.[^\s.[\]"]+$/.test(rest)) {
    throw invalidPath(`The PATCH path "${text}" has "${rest}" after its value filter; only ".subAttribute" may follow.`);
  }

  const attribute = resolve(attrPath);
  if (attribute.subAttribute || attribute.attribute.type !== 'complex' || !attribute.attribute.multiValued) {
    throw invalidPath(`"${attrPath}" is not a multi-valued complex attribute, so the PATCH path "${text}" cannot filter it.`);
  }
  const ref = rest === '' ? attribute : resolve(`${attrPath}${rest}`);
  // Syntax errors and unknown sub-attributes inside the brackets are invalidFilter, as
  // RFC 7644 Table 9 lists that type for PATCH path filters.
  const inner = text.slice(open + 1, close);
  if (inner.trim() === '') throw invalidPath(`The PATCH path "${text}" has an empty value filter.`);
  const filter = parseFilter(inner);
  return { text, ref, valueFilter: { filter, matches: valueFilterPredicate(filter, attribute.attribute) } };
}

export interface PatchPathOptions {
  /**
   * Resolve an unqualified name that only an extension defines (`manager`, as Entra sends it) to
   * that extension, judged and noted by these rules. Without them such a name is unknown, as it
   * is for a path-less value's keys (where extension attributes go under their schema URN).
   */
  unqualifiedExtensionRules?: InputRules;
}

/** Resolves the attribute paths of one PATCH path, noting an unqualified extension name once. */
function resolver(text: string, schemas: ResourceSchemas, rules: InputRules | undefined) {
  let accepted = false;
  return (attrPath: string): AttributeRef => {
    const ref = resolveAttributePath(attrPath, schemas);
    if (ref) return ref;
    const qualified = rules && !attrPath.toLowerCase().startsWith('urn:') ? qualifiedCandidates(attrPath, schemas) : [];
    if (qualified.length > 1) {
      throw invalidPath(
        `"${attrPath}" in PATCH path "${text}" is ambiguous: it may be ${qualified.map((path) => `"${path}"`).join(' or ')}; send the full path.`,
      );
    }
    const [only] = qualified;
    if (only !== undefined && rules) {
      if (!accepted && !rules.acceptHabit('unqualifiedExtensionPath', `PATCH path "${text}" without its schema URN ("${only}")`)) {
        throw invalidPath(
          `"${attrPath}" is not a core attribute of ${schemas.resourceType.name}; an extension attribute's path starts with its schema URN: "${only}".`,
        );
      }
      accepted = true;
      return resolveAttributePath(only, schemas) as AttributeRef;
    }
    throw invalidPath(`Unknown attribute "${attrPath}" in PATCH path "${text}" for resource type ${schemas.resourceType.name}.`);
  };
}

/** The URN-qualified forms of `attrPath` in each extension that defines it. Core attributes never reach here: they win. */
function qualifiedCandidates(attrPath: string, schemas: ResourceSchemas): string[] {
  return schemas.extensions.map((extension) => `${extension.id}:${attrPath}`).filter((qualified) => resolveAttributePath(qualified, schemas) !== undefined);
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
