import type { RecordedNote, RequestSource, ResourceChange } from '../../shared/recording';
import type { RecordingStore } from '../store/recordings';
import { describeOperation } from './describe-operation';
import { detectClient } from './detect-client';
import { redactBody, redactHeaders, redactUrl } from './redact';

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
}

/**
 * Turns drafts into recorded exchanges: secrets redacted, the client detected, the operation put
 * in words, written to the current session. `transaction` is the resource store's connection, so
 * a write route can record its exchange in the transaction of its change (see http/recording.ts).
 */
export class Recorder {
  constructor(private readonly store: RecordingStore) {}

  transaction<T>(work: () => T): T {
    return this.store.transaction(work);
  }

  record(draft: ExchangeDraft): number {
    const userAgent = headerValue(draft.request.headers, 'user-agent');
    const client = detectClient({ userAgent, notes: draft.notes });
    const url = redactUrl(draft.request.url);
    const requestBody = redactBody(draft.request.body);
    const responseBody = redactBody(draft.response.body);
    const operation = describeOperation({
      client,
      method: draft.request.method,
      path: url,
      status: draft.response.status,
      changes: draft.changes,
      requestBody: parseJson(requestBody),
      responseBody: parseJson(responseBody),
      query: queryOf(url),
    });
    return this.store.insertExchange({
      sessionId: this.store.currentSessionId(),
      workspace: draft.workspace,
      startedAt: draft.startedAt.toISOString(),
      durationMs: Math.round(draft.durationMs * 1000) / 1000,
      client,
      source: draft.source,
      operation,
      request: { method: draft.request.method, url, headers: redactHeaders(draft.request.headers), body: requestBody },
      response: { status: draft.response.status, headers: redactHeaders(draft.response.headers), body: responseBody },
      notes: draft.notes,
      changes: draft.changes.map(redactChange),
    });
  }
}

/** Resource documents never hold a password (the normaliser drops it), but an unknown secret-named attribute might. */
function redactChange(change: ResourceChange): ResourceChange {
  const redact = (document: Record<string, unknown> | null) =>
    document === null ? null : (JSON.parse(redactBody(JSON.stringify(document))!) as Record<string, unknown>);
  return { ...change, before: redact(change.before), after: redact(change.after) };
}

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
