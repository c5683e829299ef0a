import type { Database, Statement } from 'better-sqlite3';
import type { ResourceChange } from '../../shared/recording';

type Document = Record<string, unknown>;
type ResourceType = ResourceChange['resourceType'];

/** The resource a request under the SCIM base addresses: `/Users`, `/Groups/{id}` (any case, query aside). */
export function resourceTargetOf(rest: string): { resourceType: ResourceType; id?: string } | undefined {
  const match = /^\/+(users|groups)(?:\/+([^/?#]+))?\/*(?:[?#]|$)/i.exec(rest);
  if (!match) return undefined;
  const resourceType: ResourceType = match[1]!.toLowerCase() === 'users' ? 'User' : 'Group';
  if (match[2] === undefined) return { resourceType };
  let id: string;
  try {
    id = decodeURIComponent(match[2]);
  } catch {
    return undefined;
  }
  return id === '.search' ? undefined : { resourceType, id };
}

/**
 * The workbench's copy of each resource of a proxy workspace, as the upstream's answers showed it:
 * a write's answer (201/200 with the resource, or a DELETE's 204) becomes a ResourceChange marked
 * `observed`, so the Changes diff and the Resources timeline work for the user's own server. The
 * document is the resource as served without `id` and `meta` (the server's bookkeeping, as local
 * versions leave it out); group members stay in it, and members added or removed are listed as
 * for local groups.
 *
 * The version before is the last one observed: from memory for what this process saw recently
 * (an exchange waits a few ms before it is written), else from the database.
 */
export class ShadowCopies {
  private readonly lastVersion: Statement<[number, string], string | null>;
  private readonly recent = new Map<string, Document | null>();

  constructor(db: Database) {
    this.lastVersion = db
      .prepare<[number, string], string | null>('SELECT after FROM resource_versions WHERE workspace_id = ? AND resource_id = ? ORDER BY id DESC LIMIT 1')
      .pluck();
  }

  /**
   * The change a write's successful answer shows, or undefined when it shows none (a 204 to a
   * PATCH says nothing of the result; an answer without an `id` is not a resource).
   */
  observe(workspace: number, method: string, target: { resourceType: ResourceType; id?: string }, status: number, body: unknown): ResourceChange | undefined {
    const verb = method.toUpperCase();
    if (verb === 'DELETE') {
      if (target.id === undefined || status >= 300) return undefined;
      const before = this.previous(workspace, target.id) ?? {};
      this.remember(workspace, target.id, null);
      return { resourceType: target.resourceType, resourceId: target.id, before, after: null, observed: true };
    }
    if (!['POST', 'PUT', 'PATCH', 'GET'].includes(verb) || status < 200 || status >= 300 || !isDocument(body)) return undefined;
    const id = typeof body.id === 'string' ? body.id : target.id;
    if (id === undefined || (verb !== 'POST' && target.id === undefined)) return undefined;
    const after = observedDocument(body);
    const before = verb === 'POST' ? null : this.previous(workspace, id);
    // A read shows a change only where it differs from what was observed before (the server changed it itself).
    if (verb === 'GET' && (before === null || sameJson(before, after))) return undefined;
    this.remember(workspace, id, after);
    return {
      resourceType: target.resourceType,
      resourceId: id,
      before,
      after,
      ...(target.resourceType === 'Group' && memberDelta(before, after)),
      observed: true,
    };
  }

  private previous(workspace: number, id: string): Document | null {
    const key = `${workspace}\u0000${id}`;
    if (this.recent.has(key)) return this.recent.get(key)!;
    const text = this.lastVersion.get(workspace, id);
    return typeof text === 'string' ? (JSON.parse(text) as Document) : null;
  }

  private remember(workspace: number, id: string, document: Document | null): void {
    const key = `${workspace}\u0000${id}`;
    this.recent.delete(key);
    // Only the last few thousand: older ones are in the database by then.
    if (this.recent.size >= 4_096) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(key, document);
  }
}

function isDocument(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function observedDocument(body: Document): Document {
  const { id: _id, meta: _meta, ...document } = body;
  return document;
}

function memberIds(document: Document | null): Set<string> {
  const members = document?.members;
  if (!Array.isArray(members)) return new Set();
  return new Set(members.flatMap((member) => (isDocument(member) && typeof member.value === 'string' ? [member.value] : [])));
}

function memberDelta(before: Document | null, after: Document): { membersAdded?: string[]; membersRemoved?: string[] } {
  const old = memberIds(before);
  const next = memberIds(after);
  const added = [...next].filter((id) => !old.has(id));
  const removed = [...old].filter((id) => !next.has(id));
  return { ...(added.length > 0 && { membersAdded: added }), ...(removed.length > 0 && { membersRemoved: removed }) };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
