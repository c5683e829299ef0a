import { isPlainObject } from '../../../shared/json-values';
import { valueOf } from '../exchange-facts';
import type { ExchangeFacts } from '../exchange-facts';
import { shown, type VerdictRule } from '../rule';
import { REDACTED } from '../../../shared/recording';

/** Attributes never returned (RFC 7643 §4.1.1 password), so a PATCH of them is not seen in the answer. */
const NEVER_RETURNED = new Set(['password']);

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * Whether the answer holds `sent`: equal, or the same boolean sent as a string ("False", Entra's
 * habit, which a server normalises). Strings compare exactly; a server that changes the case of a
 * value it was sent has not stored what it was sent.
 */
function same(sent: Scalar, answered: unknown): boolean {
  // A secret the recorder redacted (a `returned: never` attribute): not returned, so not comparable.
  if (sent === answered || sent === REDACTED) return true;
  if (typeof answered === 'boolean' && typeof sent === 'string') return sent.toLowerCase() === String(answered);
  return false;
}

/** The answer's value at a simple path (`active`, `name.givenName`, `urn:…:User:department`), or undefined. */
function at(resource: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  let record: Record<string, unknown> = resource;
  let rest = path;
  if (/^urn:/i.test(path)) {
    const split = path.lastIndexOf(':');
    const extension = valueOf(resource, path.slice(0, split));
    if (!isPlainObject(extension)) return { found: false, value: undefined };
    record = extension;
    rest = path.slice(split + 1);
  }
  const found = walk(record, rest);
  if (found.found || record !== resource) return found;
  // An extension attribute named without its URN (Entra's `department`), which servers file under the extension.
  for (const [key, extension] of Object.entries(resource)) {
    if (!/^urn:/i.test(key) || !isPlainObject(extension)) continue;
    const inExtension = walk(extension, rest);
    if (inExtension.found) return inExtension;
  }
  return found;
}

function walk(record: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (!isPlainObject(value)) return { found: false, value: undefined };
    value = valueOf(value, part);
  }
  return { found: value !== undefined, value };
}

/** The first way the answer contradicts the request's operations, in words; undefined when it holds them all. */
function contradiction(operations: unknown[], resource: Record<string, unknown>): string | undefined {
  for (const [index, operation] of operations.entries()) {
    if (!isPlainObject(operation)) continue;
    const op = typeof operation.op === 'string' ? operation.op.toLowerCase() : '';
    const path = typeof operation.path === 'string' ? operation.path : undefined;
    // Filtered and member paths are left alone: their effect is not a value the answer shows as sent.
    if (path !== undefined && (/[[\]]/.test(path) || /^members$/i.test(path) || NEVER_RETURNED.has(path.toLowerCase()))) continue;
    const label = `Operation ${index + 1} (${op}${path ? ` ${path}` : ''})`;
    if ((op === 'replace' || op === 'add') && path !== undefined && isScalar(operation.value)) {
      const { value } = at(resource, path);
      if (!same(operation.value, value)) return `${label} set ${shown(operation.value)}; the answer has ${shown(value)}.`;
    } else if ((op === 'replace' || op === 'add') && path === undefined && isPlainObject(operation.value)) {
      for (const [key, sent] of flatten(operation.value)) {
        if (NEVER_RETURNED.has(key.toLowerCase()) || /[[\]]/.test(key)) continue;
        const { value } = at(resource, key);
        if (!same(sent, value)) return `${label} set ${key} to ${shown(sent)}; the answer has ${shown(value)}.`;
      }
    } else if (op === 'remove' && path !== undefined) {
      const { found, value } = at(resource, path);
      if (found && value !== null && !(Array.isArray(value) && value.length === 0)) return `${label} removed ${path}; the answer still has ${shown(value)}.`;
    }
  }
  return undefined;
}

/** A path-less operation's value as simple paths and scalars (`name.givenName`, `urn:…:User:department`). */
function flatten(value: Record<string, unknown>, prefix = ''): [string, Scalar][] {
  const pairs: [string, Scalar][] = [];
  for (const [key, item] of Object.entries(value)) {
    const path = prefix ? (/^urn:/i.test(prefix) ? `${prefix}:${key}` : `${prefix}.${key}`) : key;
    if (isScalar(item)) pairs.push([path, item]);
    else if (isPlainObject(item) && !prefix.includes('.')) pairs.push(...flatten(item, path));
  }
  return pairs;
}

export const patchResultRules: VerdictRule[] = [
  {
    id: 'rfc.patch-result',
    severity: 'error',
    rule: 'A PATCH answered 200 returns the resource with the operations applied.',
    source: 'RFC 7644 §3.5.2',
    fix: 'Apply every operation before answering, and answer the resource as stored after them (or 204 with no body).',
    judge: (facts: ExchangeFacts) => {
      if (facts.kind !== 'patch' || facts.status !== 200 || !isPlainObject(facts.body) || !isPlainObject(facts.requestBody)) return undefined;
      if (facts.query.has('attributes') || facts.query.has('excludedAttributes')) return undefined;
      const operations = valueOf(facts.requestBody, 'Operations');
      return Array.isArray(operations) ? contradiction(operations, facts.body) : undefined;
    },
  },
];
