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
    if (!isRecord(recordedBody) || !isRecord(replayedBody)) return;
    if ('id' in recordedBody) this.learn(recordedBody.id, replayedBody.id);
    // A lookup (`filter=userName eq …`) found the same resources: pair them by position when they agree on their names.
    const recordedList = recordedBody.Resources;
    const replayedList = replayedBody.Resources;
    if (Array.isArray(recordedList) && Array.isArray(replayedList) && recordedList.length === replayedList.length) {
      recordedList.forEach((item, index) => {
        const other = replayedList[index];
        if (isRecord(item) && isRecord(other) && sameIdentity(item, other)) this.learn(item.id, other.id);
      });
    }
    // Bulk: each operation's created resource.
    if (Array.isArray(recordedBody.Operations) && Array.isArray(replayedBody.Operations)) {
      recordedBody.Operations.forEach((operation, index) => {
        const other = replayedBody.Operations as unknown[];
        const idOf = (op: unknown) => (isRecord(op) && typeof op.location === 'string' ? op.location.split('/').pop() : undefined);
        this.learn(idOf(operation), idOf(other[index]));
      });
    }
  }

  toTarget(id: string): string {
    return this.forward.get(id) ?? id;
  }

  /** A request path with recorded ids in its segments and quoted in its filter replaced. */
  rewritePath(path: string): string {
    const [pathname, query] = splitOnce(path, '?');
    const segments = pathname.split('/').map((segment) => {
      const decoded = safeDecode(segment);
      return this.forward.has(decoded) ? encodeURIComponent(this.forward.get(decoded)!) : segment;
    });
    if (query === undefined) return segments.join('/');
    const params = new URLSearchParams(query);
    for (const [key, value] of [...params]) params.set(key, this.rewriteText(value));
    return `${segments.join('/')}?${params.toString().replace(/\+/g, '%20')}`;
  }

  /** A JSON request body with every recorded id replaced: values equal to one, and ids quoted in PATCH paths. */
  rewriteBody(body: string | null): string | null {
    if (body === null || this.forward.size === 0) return body;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return body;
    }
    return JSON.stringify(this.rewriteValue(parsed));
  }

  /** The target's answer with its ids turned back into the recorded ones, for comparison. */
  toRecorded(value: unknown): unknown {
    if (typeof value === 'string') {
      if (this.backward.has(value)) return this.backward.get(value);
      let text = value;
      // Ids inside text (an error's detail naming a resource); only ids long enough not to collide with words.
      for (const [replayed, recorded] of this.backward) if (replayed.length >= 8 && text.includes(replayed)) text = text.split(replayed).join(recorded);
      return text;
    }
    if (Array.isArray(value)) return value.map((item) => this.toRecorded(item));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, this.toRecorded(child)]));
    return value;
  }

  entries(): Record<string, string> {
    return Object.fromEntries(this.forward);
  }

  private rewriteValue(value: unknown): unknown {
    if (typeof value === 'string') return this.forward.get(value) ?? this.rewriteText(value);
    if (Array.isArray(value)) return value.map((item) => this.rewriteValue(item));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, this.rewriteValue(child)]));
    return value;
  }

  /** Ids quoted in a filter or PATCH path: `members[value eq "abc"]`, `id eq "abc"`. */
  private rewriteText(text: string): string {
    if (!text.includes('"')) return text;
    return text.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => (this.forward.has(inner) ? `"${this.forward.get(inner)}"` : whole));
  }
}

function sameIdentity(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const key of ['userName', 'displayName', 'externalId']) {
    if (typeof a[key] === 'string' && typeof b[key] === 'string') return (a[key] as string).toLowerCase() === (b[key] as string).toLowerCase();
  }
  return false;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
