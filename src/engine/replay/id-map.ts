import { isPlainObject } from '../../shared/json-values';
/**
 * Recorded ids → the target's ids. The target assigns its own ids to what a replay creates, so
 * every later request naming a recorded id (`/Users/{id}`, `members[value eq "{id}"]`, a member
 * list, a manager) must name the target's instead; and to compare answers, the target's ids are
 * turned back into the recorded ones.
 */
export class IdMap {
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();

  learn(recorded: unknown, replayed: unknown): void {
    if (typeof recorded !== 'string' || typeof replayed !== 'string' || recorded === '' || replayed === '') return;
    if (this.forward.has(recorded)) return;
    this.forward.set(recorded, replayed);
    this.backward.set(replayed, recorded);
  }

  /** Learns from a recorded answer and the target's answer to the same request. */
  learnFromBodies(recordedBody: unknown, replayedBody: unknown): void {
    if (!isPlainObject(recordedBody) || !isPlainObject(replayedBody)) return;
    if ('id' in recordedBody) this.learn(recordedBody.id, replayedBody.id);
    // A lookup (`filter=userName eq …`) found the same resources: pair them by position when they agree on their names.
    const recordedList = recordedBody.Resources;
    const replayedList = replayedBody.Resources;
    if (Array.isArray(recordedList) && Array.isArray(replayedList) && recordedList.length === replayedList.length) {
      recordedList.forEach((item, index) => {
        const other = replayedList[index];
        if (isPlainObject(item) && isPlainObject(other) && sameIdentity(item, other)) this.learn(item.id, other.id);
      });
    }
    // Bulk: each operation's created resource.
    if (Array.isArray(recordedBody.Operations) && Array.isArray(replayedBody.Operations)) {
      recordedBody.Operations.forEach((operation, index) => {
        const other = replayedBody.Operations as unknown[];
        const idOf = (op: unknown) => (isPlainObject(op) && typeof op.location === 'string' ? op.location.split('/').pop() : undefined);
        this.learn(idOf(operation), idOf(other[index]));
      });
    }
  }

  toTarget(id: string): string {
    return this.forward.get(id) ?? id;
  }

  /** A request path with recorded ids replaced in its segments and in id comparisons of its filter. */
  rewritePath(path: string): string {
    if (this.forward.size === 0) return path;
    const [pathname, query] = splitOnce(path, '?');
    const segments = pathname.split('/').map((segment) => {
      const decoded = safeDecode(segment);
      return this.forward.has(decoded) ? encodeURIComponent(this.forward.get(decoded)!) : segment;
    });
    if (query === undefined) return segments.join('/');
    // Pair by pair, so repeated parameters (attributes=a&attributes=b) all stay.
    const rewritten = new URLSearchParams();
    for (const [key, value] of new URLSearchParams(query)) rewritten.append(key, this.rewriteText(value));
    return `${segments.join('/')}?${rewritten.toString().replace(/\+/g, '%20')}`;
  }

  /**
   * A JSON request body with recorded ids replaced where SCIM puts ids — `id`, the `value` of
   * members, groups and managers, an operation's value when its path is `members` or a manager,
   * and ids compared in PATCH paths (`members[value eq "…"]`) — and nowhere else, so a title or an
   * employeeNumber that happens to equal an id is left alone.
   */
  rewriteBody(body: string | null): string | null {
    if (body === null || this.forward.size === 0) return body;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return body; // not JSON: no place where SCIM puts ids, so it is sent as recorded
    }
    return JSON.stringify(
      mapIdPositions(
        parsed,
        (id) => this.forward.get(id),
        (text) => this.rewriteText(text),
      ),
    );
  }

  /** The target's answer with its ids turned back into the recorded ones (in the same places), for comparison. */
  toRecorded(value: unknown): unknown {
    if (this.backward.size === 0) return value;
    return mapIdPositions(
      value,
      (id) => this.backward.get(id),
      (text) => this.idsInText(text),
    );
  }

  entries(): Record<string, string> {
    return Object.fromEntries(this.forward);
  }

  /** Ids compared to `id` or a `value` in a filter or PATCH path: `members[value eq "abc"]`, `id eq "abc"`. */
  private rewriteText(text: string): string {
    if (!text.includes('"')) return text;
    return text.replace(ID_COMPARISON, (whole, comparison: string, inner: string) =>
      this.forward.has(inner) ? `${comparison}"${this.forward.get(inner)}"` : whole,
    );
  }

  /** The target's ids inside text (an error's detail naming a resource), in one pass; only ids long enough not to be words. */
  private idsInText(text: string): string {
    const long = [...this.backward.keys()].filter((id) => id.length >= 8);
    if (long.length === 0) return text;
    const pattern = new RegExp(long.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    return text.replace(pattern, (id) => this.backward.get(id) ?? id);
  }
}

/** An id compared to `id` or a `value` in a filter or PATCH path: `members[value eq "abc"]`, `id eq "abc"`. */
const ID_COMPARISON = /(\b(?:id|value)\s+(?:eq|ne)\s+)"((?:[^"\\]|\\.)*)"/gi;

/**
 * Every string a SCIM document holds where SCIM puts ids (the places IdMap rewrites): `id`, the
 * `value` of members, groups and managers, and ids compared in PATCH paths. For the replay's
 * dependency analysis: which resources a request or an answer names.
 */
export function idsInDocument(value: unknown): Set<string> {
  const found = new Set<string>();
  mapIdPositions(
    value,
    (id) => {
      if (id !== '') found.add(id);
      return undefined;
    },
    (text) => {
      for (const match of text.matchAll(ID_COMPARISON)) if (match[2]) found.add(match[2]);
      return text;
    },
  );
  return found;
}

/** The ids compared in a filter or PATCH path (`id eq "abc"`, `members[value eq "abc"]`). */
export function idsInText(text: string): string[] {
  return [...text.matchAll(ID_COMPARISON)].map((match) => match[2]!).filter((id) => id !== '');
}

/** Walks a SCIM document, mapping the strings in id positions; `text` handles PATCH paths and error details. */
function mapIdPositions(
  value: unknown,
  map: (id: string) => string | undefined,
  text: (text: string) => string,
  position: 'plain' | 'reference' | 'reference-container' = 'plain',
): unknown {
  if (typeof value === 'string') return position === 'plain' ? value : (map(value) ?? value);
  if (Array.isArray(value)) return value.map((item) => mapIdPositions(item, map, text, position));
  if (!isPlainObject(value)) return value;
  const isOperation = typeof value.op === 'string';
  const operationPath = isOperation && typeof value.path === 'string' ? value.path.toLowerCase() : '';
  const mapped: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (lower === 'id' || (position !== 'plain' && lower === 'value')) mapped[key] = typeof child === 'string' ? (map(child) ?? child) : child;
    else if (lower === 'members' || lower === 'groups' || lower === 'manager' || lower.endsWith(':manager'))
      mapped[key] = mapIdPositions(child, map, text, 'reference-container');
    else if (isOperation && lower === 'path' && typeof child === 'string') mapped[key] = text(child);
    else if (isOperation && lower === 'value' && (operationPath.startsWith('members') || operationPath.includes('manager')))
      mapped[key] = mapIdPositions(child, map, text, 'reference');
    else if (lower === 'detail' && typeof child === 'string') mapped[key] = text(child);
    else mapped[key] = mapIdPositions(child, map, text, 'plain');
  }
  return mapped;
}

function sameIdentity(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const key of ['userName', 'displayName', 'externalId']) {
    if (typeof a[key] === 'string' && typeof b[key] === 'string') return (a[key] as string).toLowerCase() === (b[key] as string).toLowerCase();
  }
  return false;
}

export function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
