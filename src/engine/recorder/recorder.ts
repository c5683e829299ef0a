import type { RecordedNote, RequestSource, ResourceChange } from '../../shared/recording';
import type { RecordingStore } from '../store/recordings';
import { describeOperation } from './describe-operation';
import { detectClient } from './detect-client';
import { redactExchange } from './redact-exchange';
import { secretNamesFor } from './secret-names';
import type { ExtensionDeclaration } from '../scim/schemas/custom-extensions';

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
  /** The workspace's extension schemas: their `returned: never` attributes are secrets too. */
  extensions?: readonly ExtensionDeclaration[];
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

  /**
   * `extensionsOf` finds a workspace's extension declarations for an exchange whose draft has none
   * (a request refused before its workspace was known, e.g. a 401), so its secrets are still found.
   */
  constructor(
    private readonly store: RecordingStore,
    private readonly extensionsOf: (workspace: string) => readonly ExtensionDeclaration[] | undefined = () => undefined,
  ) {
    // Whoever reads the recording sees every exchange answered so far.
    store.beforeRead = () => this.flush();
  }

  transaction<T>(work: () => T): T {
    return this.store.transaction(work);
  }

  /**
   * Records an exchange that changed nothing (a read, a refused write) within a few milliseconds,
   * together with the others of that moment: one commit for many, where a commit per GET halved
   * an IdP import's speed. Nothing to keep consistent with depends on these rows; a crash loses
   * at most the last FLUSH_MS of them. A write flushes them first, so ids keep arrival order.
   */
  recordLater(draft: ExchangeDraft): void {
    this.pending.push(draft);
    if (this.pending.length >= FLUSH_COUNT) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flushQuietly(), FLUSH_MS).unref();
  }

  /** From the timer: a full disk must not take the SCIM server down; the exchanges are lost, and said so. */
  private flushQuietly(): void {
    try {
      this.flush();
    } catch (error) {
      process.emitWarning(`SCIM Workbench could not record exchanges: ${(error as Error).message}`);
    }
  }

  /** Writes the waiting exchanges now. */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.store.transaction(() => {
      for (const draft of batch) this.record(draft);
    });
  }

  record(draft: ExchangeDraft): number {
    const userAgent = headerValue(draft.request.headers, 'user-agent');
    const client = detectClient({ userAgent, notes: draft.notes });
    const secrets = secretNamesFor(draft.extensions ?? this.extensionsOf(draft.workspace));
    const { request, response, notes, changes, scrub } = redactExchange(draft, secrets);
    const operation = scrub(
      describeOperation({
        client,
        method: request.method,
        path: request.url,
        status: response.status,
        changes,
        requestBody: parseJson(request.body),
        // Only an error's body says anything the words use (its scimType); a page of users is not parsed for nothing.
        responseBody: response.status >= 400 ? parseJson(response.body) : undefined,
        query: queryOf(request.url),
      }),
    );
    return this.store.insertExchange({
      sessionId: this.store.currentSessionId(),
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
    });
  }
}

const FLUSH_MS = 25;
const FLUSH_COUNT = 500;

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : undefined;
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function queryOf(url: string): Record<string, string> {
  const question = url.indexOf('?');
  return question === -1 ? {} : Object.fromEntries(new URLSearchParams(url.slice(question + 1)));
}
