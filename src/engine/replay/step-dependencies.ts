import { isPlainObject, parseJsonOrUndefined } from '../../shared/json-values';
import { idsInDocument, idsInText, safeDecode, splitOnce } from './id-map';
import type { ReplayStep } from './replay-steps';

/**
 * Which recorded steps a concurrent replay must finish before it sends each step, so that every
 * answer is the one a sequential replay would get.
 *
 * A step touches keys: the resources it names (ids in its path, filter and body, and in its
 * recorded answer — so it also waits for the step that taught the replay the target's id for
 * them), the names it names (userName, displayName, externalId: a lookup by name and a create's
 * uniqueness depend on them), the names those resources carried earlier in the recording (a
 * rename or delete changes what a lookup by the old name finds), and, for a write that may change
 * how other resources read, the resources recorded with it (a group's members show a user's
 * display name; a user's groups show a group's; a group replaced, deleted or emptied changes
 * its members' groups). A step waits for the last earlier step touching each of its keys.
 *
 * A barrier waits for every earlier step, and every later step waits for it: a list or search
 * (its total and page depend on everything), /Bulk, schema discovery, /Me, a body that is not
 * JSON, any shape this analysis does not know, and a step touching more keys than is worth
 * tracking (a large group's every member).
 */
export interface StepFootprint {
  barrier: boolean;
  keys: Set<string>;
}

/** Past this many keys a step is a barrier: cheaper and as exact as tracking each. */
const MAX_KEYS = 2_000;

const RESOURCE_TYPES = new Set(['users', 'groups']);
const NAME_ATTRIBUTES = new Set(['username', 'displayname', 'externalid']);
/** A lookup of one resource by a unique-ish name or its id: `userName eq "alice"`. */
const KEYED_FILTER = /^\s*(userName|externalId|displayName|id)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

/** For each step, the indexes of the earlier steps it waits for directly (the rest follow through them). */
export function stepDependencies(steps: readonly ReplayStep[]): number[][] {
  const analysis = new Analysis();
  const lastTouching = new Map<string, number>();
  let lastBarrier: number | undefined;
  /** Steps since the last barrier, which the next barrier waits for. */
  let sinceBarrier: number[] = [];
  return steps.map((step, index) => {
    const footprint = analysis.footprint(step);
    let waitsFor: Set<number>;
    if (footprint.barrier) {
      waitsFor = new Set(sinceBarrier);
      if (lastBarrier !== undefined) waitsFor.add(lastBarrier);
      lastBarrier = index;
      sinceBarrier = [];
      lastTouching.clear();
    } else {
      waitsFor = new Set();
      if (lastBarrier !== undefined) waitsFor.add(lastBarrier);
      for (const key of footprint.keys) {
        const earlier = lastTouching.get(key);
        if (earlier !== undefined) waitsFor.add(earlier);
        lastTouching.set(key, index);
      }
      sinceBarrier.push(index);
    }
    return [...waitsFor].sort((a, b) => a - b);
  });
}

/** The keys of each step in recorded order; it remembers what earlier steps said about each resource. */
export class Analysis {
  /** Recorded id → the names recorded for it so far (lower case: userName and displayName match case-insensitively). */
  private readonly names = new Map<string, Set<string>>();
  /** Recorded id → the resources recorded with it so far (a group's members, a user's groups and manager). */
  private readonly related = new Map<string, Set<string>>();

  footprint(step: ReplayStep): StepFootprint {
    const barrier = { barrier: true, keys: new Set<string>() };
    const [pathname = '', query] = splitOnce(step.path, '?');
    const segments = pathname.split('/').filter((segment) => segment !== '');
    if (segments.length === 0 || segments.length > 2 || !RESOURCE_TYPES.has(segments[0]!.toLowerCase())) return barrier;
    const pathId = segments[1] === undefined ? undefined : safeDecode(segments[1]);
    if (pathId === undefined ? !['GET', 'POST'].includes(step.method) : !['GET', 'PUT', 'PATCH', 'DELETE'].includes(step.method)) return barrier;
    if (pathId?.startsWith('.')) return barrier; // POST /Users/.search and its kin

    const request = step.body === null || step.body === '' ? undefined : parseJsonOrUndefined(step.body);
    if (step.body !== null && step.body !== '' && step.method !== 'GET' && step.method !== 'DELETE' && !isPlainObject(request)) return barrier;
    const answer = parseJsonOrUndefined(step.recorded.body ?? '');

    const ids = new Set<string>();
    const names = new Set<string>();
    if (pathId !== undefined) ids.add(pathId);
    if (pathId === undefined && step.method === 'GET') {
      const lookup = keyedLookup(query);
      if (!lookup) return barrier;
      if (lookup.attribute === 'id') ids.add(lookup.value);
      else names.add(lookup.value.toLowerCase());
    }
    for (const text of queryValues(query)) for (const id of idsInText(text)) ids.add(id);
    if (isPlainObject(request)) {
      for (const id of idsInDocument(request)) ids.add(id);
      for (const name of namesInRequest(request)) names.add(name);
    }
    // The resources the recorded answer holds: the one written or read, or a lookup's matches.
    const documents = isPlainObject(answer) ? (Array.isArray(answer.Resources) ? answer.Resources.filter(isPlainObject) : [answer]) : [];
    for (const document of documents) {
      const subject = typeof document.id === 'string' && document.id !== '' ? document.id : pathId;
      const referenced = idsInDocument(document);
      for (const id of referenced) ids.add(id);
      const documentNames = namesOf(document);
      for (const name of documentNames) names.add(name);
      if (subject !== undefined && !isErrorDocument(document)) {
        this.remember(this.names, subject, documentNames);
        this.relate(subject, referenced);
      }
    }
    // A create's subject is the id its answer gave; a write by path names its resource.
    const subject = pathId ?? (typeof (answer as { id?: unknown } | undefined)?.id === 'string' ? (answer as { id: string }).id : undefined);
    if (subject !== undefined && isPlainObject(request)) {
      this.remember(this.names, subject, namesInRequest(request));
      this.relate(subject, idsInDocument(request));
    }

    const keys = new Set<string>();
    for (const name of names) keys.add(`name:${name}`);
    for (const id of ids) {
      keys.add(`id:${id}`);
      for (const name of this.names.get(id) ?? []) keys.add(`name:${name}`);
    }
    if (step.method !== 'GET' && reachesRelated(step.method, request)) {
      for (const id of ids) for (const other of this.related.get(id) ?? []) keys.add(`id:${other}`);
    }
    if (keys.size > MAX_KEYS) return barrier;
    return { barrier: false, keys };
  }

  private remember(map: Map<string, Set<string>>, id: string, values: Iterable<string>): void {
    for (const value of values) {
      let set = map.get(id);
      if (!set) map.set(id, (set = new Set()));
      set.add(value);
    }
  }

  private relate(subject: string, others: Iterable<string>): void {
    for (const other of others) {
      if (other === subject) continue;
      this.remember(this.related, subject, [other]);
      this.remember(this.related, other, [subject]);
    }
  }
}

/**
 * Whether a write may change how resources it does not name read: a delete, a replace, a rename,
 * a member list replaced or emptied. Adding members, or removing the ones it names, does not.
 */
function reachesRelated(method: string, request: unknown): boolean {
  if (method !== 'PATCH') return true;
  const operations = isPlainObject(request) && Array.isArray(request.Operations) ? request.Operations : undefined;
  if (!operations) return true;
  return !operations.every((operation) => {
    if (!isPlainObject(operation) || typeof operation.op !== 'string') return false;
    const op = operation.op.toLowerCase();
    const path = typeof operation.path === 'string' ? operation.path.trim().toLowerCase() : undefined;
    if (op === 'add' && path === 'members') return true;
    if (op === 'add' && path === undefined && isPlainObject(operation.value))
      return Object.keys(operation.value).every((key) => key.toLowerCase() === 'members');
    if (op !== 'remove' || path === undefined) return false;
    if (/^members\[value eq "[^"]*"\]$/.test(path)) return true;
    // Entra's removal: path "members" with the members named in its value (without a value it empties the group).
    return path === 'members' && namedMembers(operation.value);
  });
}

function namedMembers(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((member) => isPlainObject(member) && typeof member.value === 'string');
}

function keyedLookup(query: string | undefined): { attribute: string; value: string } | undefined {
  if (query === undefined) return undefined;
  const filters = new URLSearchParams(query).getAll('filter');
  if (filters.length !== 1) return undefined;
  const match = KEYED_FILTER.exec(filters[0]!);
  if (!match) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(`"${match[2]}"`);
  } catch {
    return undefined;
  }
  return typeof value === 'string' ? { attribute: match[1]!.toLowerCase(), value } : undefined;
}

function queryValues(query: string | undefined): string[] {
  return query === undefined ? [] : [...new URLSearchParams(query).values()];
}

/** userName, displayName and externalId of a resource document, lower case. */
function namesOf(document: Record<string, unknown>): string[] {
  return Object.entries(document)
    .filter(([key, value]) => NAME_ATTRIBUTES.has(key.toLowerCase()) && typeof value === 'string')
    .map(([, value]) => (value as string).toLowerCase());
}

/** The names a create, replace or PATCH sets: the body's own, and each operation's (by path or in its value). */
function namesInRequest(request: Record<string, unknown>): string[] {
  const names = namesOf(request);
  if (!Array.isArray(request.Operations)) return names;
  for (const operation of request.Operations) {
    if (!isPlainObject(operation)) continue;
    const path = typeof operation.path === 'string' ? operation.path.toLowerCase().split(':').pop()! : undefined;
    if (path !== undefined && NAME_ATTRIBUTES.has(path) && typeof operation.value === 'string') names.push(operation.value.toLowerCase());
    if (isPlainObject(operation.value)) names.push(...namesOf(operation.value));
  }
  return names;
}

function isErrorDocument(document: Record<string, unknown>): boolean {
  return Array.isArray(document.schemas) && document.schemas.includes('urn:ietf:params:scim:api:messages:2.0:Error');
}
