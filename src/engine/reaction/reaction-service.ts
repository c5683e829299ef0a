import type { Statement } from 'better-sqlite3';
import type { ReactionTimeline, RepeatedOperation } from '../../shared/reaction';
import type { RecordingStore } from '../store/recordings';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { RetryDetector } from './detect-retries';
import { RecordedExchanges } from './recorded-exchanges';

/** Operations an answer lists at most: a chaos run over a long session can find thousands. */
export const LISTED_OPERATIONS = 500;
/** A resource's timeline reads the newest sessions that changed it, at most this many. */
const RESOURCE_SESSIONS = 3;
/** Sessions whose reading is kept. */
const KEPT_SESSIONS = 8;

interface Cached {
  /** The session's first and last exchange ids when it was read: a new exchange or a clear changes them. */
  stamp: string;
  operations: RepeatedOperation[];
  scanned: number;
}

/**
 * The IdP's reaction per session and per resource, for the admin API. A session is read once and
 * kept until an exchange is added to it or it is cleared, so opening resource after resource of a
 * long session reads it once.
 */
export class ReactionService {
  private readonly exchanges: RecordedExchanges;
  private readonly cache = new Map<number, Cached>();
  /** Reads under way, so two panels asking for one session share one read. */
  private readonly reading = new Map<string, Promise<Cached>>();
  private readonly statements: { stamp: Statement; sessionsOf: Statement; namesOf: Statement };

  constructor(private readonly recordings: RecordingStore) {
    this.exchanges = new RecordedExchanges(recordings);
    const db = recordings.connection;
    this.statements = {
      stamp: db.prepare("SELECT coalesce(min(id), 0) || ':' || coalesce(max(id), 0) FROM exchanges WHERE session_id = ?").pluck(),
      sessionsOf: db
        .prepare(
          `SELECT DISTINCT e.session_id FROM resource_versions v JOIN workspaces w ON w.id = v.workspace_id JOIN exchanges e ON e.id = v.exchange_id
           WHERE w.slug = ? AND v.resource_id = ? ORDER BY e.session_id DESC LIMIT ${RESOURCE_SESSIONS}`,
        )
        .pluck(),
      namesOf: db
        .prepare(
          `SELECT DISTINCT lower(coalesce(json_extract(coalesce(v.after, v.before), '$.userName'), json_extract(coalesce(v.after, v.before), '$.displayName')))
           FROM resource_versions v JOIN workspaces w ON w.id = v.workspace_id WHERE w.slug = ? AND v.resource_id = ?`,
        )
        .pluck(),
    };
  }

  /** Every repeated operation of the session (`limit` of them listed). */
  async session(sessionId: number, limit = LISTED_OPERATIONS): Promise<ReactionTimeline> {
    const { operations, scanned } = await this.read(sessionId);
    return { operations: operations.slice(0, limit), total: operations.length, scanned };
  }

  /**
   * The repeated operations about one resource in the newest sessions that changed it: those whose
   * path, answer or follow-ups name its id, and creates or lookups by its userName or displayName.
   */
  async resource(workspace: string, resourceId: string, limit = LISTED_OPERATIONS): Promise<ReactionTimeline> {
    this.recordings.beforeRead();
    const sessions = (this.statements.sessionsOf.all(workspace, resourceId) as number[]).reverse();
    const names = new Set((this.statements.namesOf.all(workspace, resourceId) as (string | null)[]).filter((name): name is string => name !== null));
    const found: RepeatedOperation[] = [];
    let scanned = 0;
    for (const sessionId of sessions) {
      const read = await this.read(sessionId);
      scanned += read.scanned;
      for (const operation of read.operations) {
        if (operation.workspace !== workspace) continue;
        if (operation.resourceIds.includes(resourceId) || names.has(operation.subject.toLowerCase())) found.push(operation);
      }
    }
    return { operations: found.slice(0, limit), total: found.length, scanned };
  }

  private read(sessionId: number): Promise<Cached> {
    this.recordings.beforeRead();
    const stamp = this.statements.stamp.get(sessionId) as string;
    const cached = this.cache.get(sessionId);
    if (cached?.stamp === stamp) return Promise.resolve(cached);
    const key = `${sessionId}:${stamp}`;
    let read = this.reading.get(key);
    if (!read) {
      read = this.detect(sessionId, stamp).finally(() => this.reading.delete(key));
      this.reading.set(key, read);
    }
    return read;
  }

  /**
   * Reads the session a page at a time, giving the event loop a turn between pages: the admin API shares
   * the engine's process with the SCIM listener, whose requests must not wait for a long session's read.
   */
  private async detect(sessionId: number, stamp: string): Promise<Cached> {
    const detector = new RetryDetector();
    for (const page of this.exchanges.pagesOf(sessionId)) {
      for (const exchange of page) detector.add(exchange);
      await nextTurn();
    }
    const timeline = detector.finish();
    const fresh = { stamp, operations: timeline.operations, scanned: timeline.scanned };
    this.cache.delete(sessionId);
    this.cache.set(sessionId, fresh);
    // The sessions read last are kept; older ones are read again if asked for.
    if (this.cache.size > KEPT_SESSIONS) this.cache.delete(this.cache.keys().next().value!);
    return fresh;
  }
}
