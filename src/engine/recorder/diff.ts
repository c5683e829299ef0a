/**
 * A JSON-aware diff between two versions of a SCIM resource document, for the inspector's
 * "what changed" view. Built on jsondiffpatch; pure (no Node or DOM imports).
 *
 * Matching of array elements:
 * - Key order never matters (objects are compared key by key).
 * - Arrays of primitives (`schemas`, string lists) are matched by value.
 * - Arrays of objects (`emails`, `phoneNumbers`, `members`, `groups`, `roles`, …) are matched in
 *   passes, each among the elements not matched yet: equal `value`, then equal `type`, then equal
 *   `display`, then equal whole element. So a reordered list is no change, and an email whose
 *   value changed in the work slot is matched by `type` and shows as a change of that element.
 *   Elements left unmatched are removed (before) or added (after).
 *
 * Path syntax (for display; not meant to be parsed back):
 * - attributes are joined with `.`, as in SCIM attribute paths: `name.givenName`,
 *   `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.department` (the schema URN is
 *   the attribute name of an extension, so its own dots are kept as they are);
 * - an element of an array of objects is named by the attribute that matched it,
 *   `emails[type=work].value`, `members[value=2819c223…]`; an added or removed element by the
 *   first of `value`, `type`, `display` it has; `[index]` when that would not be unique
 *   (or the element has none of them);
 * - an element of an array of primitives is named by itself: `schemas[urn:…:User]`;
 * - the empty path `` is the whole document (only when a side is not an object).
 *
 * A document missing on one side (`null`/`undefined`: a create or a delete) is diffed as `{}`, so
 * a create lists every top-level attribute as added and a delete every one as removed.
 */
import { create, type Delta, type DiffPatcher } from 'jsondiffpatch';
import { isPlainObject } from '../../shared/json-values';

export interface DocumentChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** The value before (absent for `added`). */
  before?: unknown;
  /** The value after (absent for `removed`). */
  after?: unknown;
}

/** Plain, JSON-serialisable changes in document order: what a UI lists. */
export type DocumentDiff = DocumentChange[];

/** The attributes array elements are matched by, in order, before falling back to whole-element equality. */
const MATCH_KEYS = ['value', 'type', 'display'] as const;
type MatchKey = (typeof MATCH_KEYS)[number];

/** What the pairing pass learned of one array element: its match id (the objectHash) and its path label. */
interface ElementInfo {
  hash: string;
  label: string;
  /** For an element of the after document: the before element it was matched with. */
  partner?: unknown;
}

/** One diff run: the pairing of both documents' array elements, and a differ whose objectHash reads it. */
class Pairing {
  private readonly elements = new WeakMap<object, ElementInfo>();
  private next = 0;
  readonly differ: DiffPatcher;

  constructor() {
    this.differ = create({
      objectHash: (item) => this.elements.get(item)?.hash,
      arrays: { detectMove: true, includeValueOnMove: false },
    });
  }

  info(item: unknown): ElementInfo | undefined {
    return isPlainObject(item) || Array.isArray(item) ? this.elements.get(item) : undefined;
  }

  /** Walks both documents in step, pairing the elements of every pair of arrays found at the same place. */
  pair(left: unknown, right: unknown): void {
    if (Array.isArray(left) && Array.isArray(right)) this.pairArrays(left, right);
    else if (isPlainObject(left) && isPlainObject(right)) {
      for (const key of Object.keys(left)) if (key in right) this.pair(left[key], right[key]);
    }
  }

  private pairArrays(left: unknown[], right: unknown[]): void {
    const leftFree = new Set(left.keys());
    const rightFree = new Set(right.keys());
    const pairs: [number, number, MatchKey | undefined][] = [];
    const passes: [MatchKey | undefined, (item: unknown) => string | undefined][] = [
      ...MATCH_KEYS.map((key) => [key, (item: unknown) => matchValue(item, key)] as [MatchKey, (item: unknown) => string | undefined]),
      [undefined, (item) => (isPlainObject(item) ? canonicalJson(item) : undefined)],
    ];
    for (const [key, valueOf] of passes) {
      for (const i of leftFree) {
        const wanted = valueOf(left[i]);
        if (wanted === undefined) continue;
        for (const j of rightFree) {
          if (valueOf(right[j]) !== wanted) continue;
          pairs.push([i, j, key]);
          leftFree.delete(i);
          rightFree.delete(j);
          break;
        }
      }
    }
    const leftLabels = labels(left, new Map(pairs.map(([i, , key]) => [i, key])));
    const rightLabels = labels(right, new Map(pairs.map(([, j, key]) => [j, key])));
    for (const [i, j] of pairs) {
      const hash = `m${this.next++}`;
      // A matched element keeps one name on both sides; if either side would be ambiguous, the after index.
      const label = leftLabels[i] === rightLabels[j] ? rightLabels[j]! : `[${j}]`;
      this.remember(left[i], { hash, label });
      this.remember(right[j], { hash, label, partner: left[i] });
      this.pair(left[i], right[j]);
    }
    for (const i of leftFree) this.remember(left[i], { hash: `l${this.next++}`, label: leftLabels[i]! });
    for (const j of rightFree) this.remember(right[j], { hash: `r${this.next++}`, label: rightLabels[j]! });
  }

  private remember(item: unknown, info: ElementInfo): void {
    if (isPlainObject(item) || Array.isArray(item)) this.elements.set(item, info);
  }
}

/** The changes between two versions of a document (see the module comment for matching and paths). */
export function diffDocuments(before: unknown, after: unknown): DocumentDiff {
  const left = toJson(before ?? {});
  const right = toJson(after ?? {});
  const pairing = new Pairing();
  pairing.pair(left, right);
  const changes: DocumentDiff = [];
  collect(pairing, pairing.differ.diff(left, right), left, right, '', changes);
  return changes;
}

/**
 * jsondiffpatch's own delta between the two documents (same element matching as diffDocuments),
 * for a UI that renders it with jsondiffpatch's formatters: `format(delta, before)`. Unlike
 * diffDocuments, a missing side is not replaced by `{}`, so the delta applies to `before` as given.
 * Reordered elements appear as moves (`[ '', newIndex, 3 ]`). `undefined` when nothing changed.
 */
export function diffDelta(before: unknown, after: unknown): Delta {
  const left = toJson(before);
  const right = toJson(after);
  const pairing = new Pairing();
  pairing.pair(left, right);
  return pairing.differ.diff(left, right);
}

/** Turns one delta node into changes, depth first. `left`/`right` are the values the delta is between. */
function collect(pairing: Pairing, delta: Delta, left: unknown, right: unknown, path: string, out: DocumentDiff): void {
  if (typeof delta !== 'object' || delta === null) return;
  if (Array.isArray(delta)) {
    if (delta.length === 1) out.push({ path, kind: 'added', after: delta[0] });
    else if (delta.length === 2) out.push({ path, kind: 'changed', before: delta[0], after: delta[1] });
    else if (delta[2] === 0) out.push({ path, kind: 'removed', before: delta[0] });
    // A move ([ '', index, 3 ]) is a reordering: not a change. Text diffs are not enabled.
    return;
  }
  // An array delta (`_t: 'a'`) or an object delta; both are maps from key to a delta.
  const entries = delta as Record<string, Delta>;
  if ((delta as { _t?: unknown })._t === 'a') {
    const leftArray = Array.isArray(left) ? left : [];
    const rightArray = Array.isArray(right) ? right : [];
    // Removals first (keyed `_i` by before index), then additions and changes (keyed by after index).
    for (const key of Object.keys(entries)
      .filter((k) => /^_\d+$/.test(k))
      .sort(byIndex)) {
      const item = leftArray[Number(key.slice(1))];
      collect(pairing, entries[key], item, undefined, elementPath(pairing, path, item, Number(key.slice(1))), out);
    }
    for (const key of Object.keys(entries)
      .filter((k) => /^\d+$/.test(k))
      .sort(byIndex)) {
      const item = rightArray[Number(key)];
      const partner = pairing.info(item)?.partner;
      collect(pairing, entries[key], partner, item, elementPath(pairing, path, item, Number(key)), out);
    }
    return;
  }
  const leftObject = isPlainObject(left) ? left : {};
  const rightObject = isPlainObject(right) ? right : {};
  for (const key of Object.keys(entries)) {
    collect(pairing, entries[key], leftObject[key], rightObject[key], path === '' ? key : `${path}.${key}`, out);
  }
}

function elementPath(pairing: Pairing, path: string, item: unknown, index: number): string {
  return `${path}${pairing.info(item)?.label ?? `[${isPrimitive(item) ? String(item) : index}]`}`;
}

/**
 * Path labels of an array's elements: `[key=value]` by the key that matched the element (or, for an
 * unmatched one, the first of MATCH_KEYS it has), `[primitive]` for primitives, `[index]` when not unique.
 */
function labels(array: unknown[], matchedBy: Map<number, MatchKey | undefined>): string[] {
  const wanted = array.map((item, index) => {
    if (isPrimitive(item)) return `[${String(item)}]`;
    const key = matchedBy.has(index) ? matchedBy.get(index) : MATCH_KEYS.find((k) => matchValue(item, k) !== undefined);
    const value = key === undefined ? undefined : (item as Record<string, unknown>)[key];
    return key === undefined || !isPrimitive(value) ? `[${index}]` : `[${key}=${String(value)}]`;
  });
  const counts = new Map<string, number>();
  for (const label of wanted) counts.set(label, (counts.get(label) ?? 0) + 1);
  return wanted.map((label, index) => (counts.get(label)! > 1 ? `[${index}]` : label));
}

/** The element's `key` attribute as a comparable string, when it is a primitive. */
function matchValue(item: unknown, key: MatchKey): string | undefined {
  if (!isPlainObject(item)) return undefined;
  const value = item[key];
  return value !== undefined && value !== null && isPrimitive(value) ? JSON.stringify(value) : undefined;
}

/** JSON text with object keys sorted, so that key order does not matter. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/** A JSON copy: distinct objects to pair, `undefined` members dropped, nothing shared with the caller. */
function toJson(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

const byIndex = (a: string, b: string) => Number(a.replace('_', '')) - Number(b.replace('_', ''));
