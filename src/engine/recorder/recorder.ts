import type { RecordedNote, RequestSource, ResourceChange } from '../../shared/recording';
import type { InjectedFault } from '../../shared/faults';
import type { RecordingStore } from '../store/recordings';
import { isDatabaseBusy } from '../store/database-failures';
import { describeOperation } from './describe-operation';
import { detectClient } from './detect-client';
import { UnauthenticatedRequests } from './unauthenticated';
import { redactExchange } from './redact-exchange';
import { secretNamesFor } from './secret-names';
import type { ReplaySessions } from './replay-sessions';
import type { ExtensionDeclaration } from '../scim/schemas/custom-extensions';
import { parseJsonOrUndefined } from '../../shared/json-values';

/** What the HTTP layer knows of one exchange when it is over (or about to be sent). */
export interface ExchangeDraft {
  workspace: string;
  startedAt: Date;
  durationMs: number;
  source: RequestSource;
  request: { method: string; url: string; headers: Record<string, unknown>; body: string | null };
  response: { status: number; headers: Record<string, unknown>; body: string | null };
  notes: RecordedNote[];
  changes: ResourceChange[];
  /** The operation in words, when the recorder's own would not say it (a report of dropped requests). */
  operation?: string;
  /** The workspace's extension schemas: their `returned: never` attributes are secrets too. */
  extensions?: readonly ExtensionDeclaration[];
  /** A replay's own session (see replay-sessions.ts), found when the request arrived; absent: the current live session. */
  sessionId?: number;
  /** What a fault rule or breakpoint did to the exchange (engine/faults). */
  injected?: InjectedFault;
  /** Secrets the workbench sent on for this exchange (a proxy's upstream credentials): never recorded, even echoed. */
  knownSecrets?: readonly string[];
}

export interface RecorderOptions {
  /**
   * Finds a workspace's extension declarations for an exchange whose draft has none (a request
   * refused before its workspace was known, e.g. a 401), so its secrets are still found.
   */
  extensionsOf?: (workspace: string) => readonly ExtensionDeclaration[] | undefined;
  /** The clock of the unauthenticated requests' rate cap (tests move it by hand). */
  now?: () => number;
  /** Failures off the request path; Node's process warnings by default. */
  warn?: (message: string, error?: unknown) => void;
  /** Running replays' sessions, for requests that carry a replay's key. */
  replaySessions?: ReplaySessions;
}

/**
 * Turns drafts into recorded exchanges: secrets redacted, the client detected, the operation put
 * in words, written to the current session. `transaction` is the resource store's connection, so
 * a write route can record its exchange in the transaction of its change (see http/recording.ts).
 */
export class Recorder {
  /** Exchanges that changed nothing, waiting to be written together (see recordLater). */
  private pending: ExchangeDraft[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  /** The last flush found the database locked by another process: the timer tries again, reads do not wait. */
  private lockedOut = false;

  /** Exchanges recorded by this process so far: retention runs early after many (see retention.ts). */
  recordedCount = 0;
  /** Requests that never reached a workspace: summarised and rate-capped (see unauthenticated.ts). */
  readonly unauthenticated: UnauthenticatedRequests;

  /** Where a failure off the request path (a flush, a pruning pass) is told: the engine log. */
  readonly warn: (message: string, error?: unknown) => void;
  private readonly extensionsOf: (workspace: string) => readonly ExtensionDeclaration[] | undefined;
  private readonly replaySessions: ReplaySessions | undefined;

  constructor(
    private readonly store: RecordingStore,
    options: RecorderOptions = {},
  ) {
    this.extensionsOf = options.extensionsOf ?? (() => undefined);
    this.replaySessions = options.replaySessions;
    this.warn = options.warn ?? ((message) => process.emitWarning(message));
    const now = options.now ?? Date.now;
    // Whoever reads the recording sees every exchange answered so far — unless another process
    // holds the write lock: then the read goes on (after the few ms of the busy timeout), and
    // they follow when it is gone.
    store.beforeRead = () => this.flushQuietly();
    // A group of writes commits the exchanges waiting here too: one commit for both.
    store.beforeWrites = () => this.flush();
    store.onBeforeWritesError = (error) => this.warn(`SCIM Workbench could not record exchanges: ${(error as Error).message}`, error);
    this.unauthenticated = new UnauthenticatedRequests((draft) => this.recordLater(draft), now);
  }

  transaction<T>(work: () => T): T {
    return this.store.transaction(work);
  }

  /**
   * The replay session a request is recorded into, asked when it arrives: the replay cannot have
   * ended then (it waits for the answer), while by the time the exchange is written it may have.
   */
  replaySessionOf(headers: Record<string, unknown>): number | undefined {
    return this.replaySessions?.sessionOf(headers);
  }

  /**
   * A write's transaction, shared with the other writes of this turn of the event loop and taking
   * the database's write lock first; settles once committed (see RecordingStore.writeTransaction).
   */
  writeTransaction<T>(work: () => T): Promise<T> {
    return this.store.writeTransaction(work);
  }

  get databasePath(): string {
    return this.store.databasePath;
  }

  /**
   * Records an exchange that changed nothing (a read, a refused write) within a few milliseconds,
   * together with the others of that moment: one commit for many, where a commit per GET halved
   * an IdP import's speed. Nothing to keep consistent with depends on these rows; a crash loses
   * at most the last FLUSH_MS of them. A group of writes writes them first, in its transaction, so ids
   * keep arrival order.
   */
  recordLater(draft: ExchangeDraft): void {
    this.pending.push(draft);
    if (this.pending.length >= FLUSH_COUNT && !this.lockedOut) this.flushQuietly();
    else this.flushTimer ??= setTimeout(() => this.flushQuietly(), FLUSH_MS).unref();
  }

  /**
   * From the timer or a read's response: a full disk must not take the SCIM server down (the
   * exchanges are lost, and said so); a database locked by another process is tried again later.
   */
  private flushQuietly(): void {
    try {
      this.flush();
    } catch (error) {
      // Locked by another process: flush has set the timer that tries again.
      if (isDatabaseBusy(error)) return;
      this.lockedOut = false;
      this.warn(`SCIM Workbench could not record exchanges: ${(error as Error).message}`, error);
    }
  }

  /** Writes the waiting exchanges now. */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.store.transaction(() => {
        for (const draft of batch) this.record(draft);
      });
      this.lockedOut = false;
    } catch (error) {
      // One transaction, so none of the batch was written. While another process holds the lock
      // it waits for the next flush (the oldest dropped past MAX_PENDING); other failures lose it.
      if (isDatabaseBusy(error)) {
        this.pending = batch.concat(this.pending).slice(-MAX_PENDING);
        // Whoever called (a write's retry, a retention pass) handles its own failure; the batch
        // still needs a timer to be written once the lock is gone.
        this.lockedOut = true;
        this.flushTimer ??= setTimeout(() => this.flushQuietly(), BUSY_FLUSH_MS).unref();
      }
      throw error;
    }
  }

  record(draft: ExchangeDraft): number {
    this.recordedCount += 1;
    const userAgent = headerValue(draft.request.headers, 'user-agent');
    const client = detectClient({ userAgent, notes: draft.notes });
    const secrets = secretNamesFor(draft.extensions ?? this.extensionsOf(draft.workspace));
    const { request, response, notes, changes, scrub } = redactExchange(draft, secrets);
    const operation =
      draft.operation ??
      scrub(
        describeOperation({
          client,
          method: request.method,
          path: request.url,
          status: response.status,
          changes,
          requestBody: parseJsonOrUndefined(request.body ?? ''),
          // Only an error's body says anything the words use (its scimType); a page of users is not parsed for nothing.
          responseBody: response.status >= 400 ? parseJsonOrUndefined(response.body ?? '') : undefined,
          query: queryOf(request.url),
        }),
      );
    return this.store.insertExchange({
      // A replay session deleted while its replay ran: the rest of its traffic is recorded as live traffic is.
      sessionId: draft.sessionId !== undefined && this.store.sessionExists(draft.sessionId) ? draft.sessionId : this.store.currentSessionId(),
      workspace: draft.workspace,
      startedAt: draft.startedAt.toISOString(),
      durationMs: Math.round(draft.durationMs * 1000) / 1000,
      client,
      source: draft.source,
      operation,
      request,
      response,
      notes,
      changes,
      ...(draft.injected && { injected: draft.injected }),
    });
  }
}

const FLUSH_MS = 25;
const FLUSH_COUNT = 500;
/** While the database is locked by another process: how often to try again, and how much to hold. */
const BUSY_FLUSH_MS = 100;
const MAX_PENDING = 20 * FLUSH_COUNT;

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : undefined;
}

function queryOf(url: string): Record<string, string> {
  const question = url.indexOf('?');
  return question === -1 ? {} : Object.fromEntries(new URLSearchParams(url.slice(question + 1)));
}
