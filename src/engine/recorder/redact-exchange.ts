import type { HeaderList, RecordedExchange, RecordedNote, ResourceChange } from '../../shared/recording';
import { FoundSecrets } from './found-secrets';
import { redactBody, redactChange, redactHeaders, redactText, redactUrl } from './redact';
import type { SecretNames } from './secret-names';

export interface ExchangeParts {
  request: { method: string; url: string; headers: Record<string, unknown>; body: string | null };
  response: { status: number; headers: Record<string, unknown>; body: string | null };
  notes: readonly RecordedNote[];
  changes: readonly ResourceChange[];
  /** Secrets the workbench itself sent on (a proxy's upstream credentials): scrubbed wherever they are echoed. */
  knownSecrets?: readonly string[];
}

export interface RedactedParts {
  request: { method: string; url: string; headers: HeaderList; body: string | null };
  response: { status: number; headers: HeaderList; body: string | null };
  notes: RecordedNote[];
  changes: ResourceChange[];
  /** Free text about the exchange (its operation in words) with the request's secrets taken out. */
  scrub(text: string): string;
}

/**
 * One exchange with its secrets redacted, as the recorder writes it and imports read it: the
 * request first, collecting the values it redacted, then the response and the notes with those
 * values scrubbed wherever the server echoed them (an error or a note quoting a filter's value).
 */
export function redactExchange(parts: ExchangeParts, secrets: SecretNames): RedactedParts {
  const found = new FoundSecrets();
  for (const value of parts.knownSecrets ?? []) found.add(value);
  const request = {
    method: parts.request.method,
    url: redactUrl(parts.request.url, secrets, found),
    headers: redactHeaders(parts.request.headers, secrets),
    body: redactBody(parts.request.body, secrets, found),
  };
  const response = {
    status: parts.response.status,
    headers: redactHeaders(parts.response.headers, secrets).map(([name, value]): [string, string] => [name, found.scrubText(value)]),
    body: found.scrubBody(redactBody(parts.response.body, secrets, found)),
  };
  return {
    request,
    response,
    // An imported file's notes are whatever it says; only a note's text can quote a value.
    notes: parts.notes.map((note) => (typeof note?.detail === 'string' ? { ...note, detail: found.scrubText(redactText(note.detail, secrets)) } : note)),
    changes: parts.changes.map((change) => found.scrubChange(redactChange(change, secrets))),
    scrub: (text) => found.scrubText(redactText(text, secrets)),
  };
}

/**
 * A stored exchange redacted again on its way out: rows recorded by an older version, under a
 * shorter list, or before a workspace declared an attribute `returned: never`, must not reach an export.
 */
export function redactRecorded<T extends Omit<RecordedExchange, 'id' | 'sessionId'>>(exchange: T, secrets: SecretNames): T {
  const parts = redactExchange(
    {
      request: { ...exchange.request, headers: Object.fromEntries(exchange.request.headers) },
      response: { ...exchange.response, headers: Object.fromEntries(exchange.response.headers) },
      notes: exchange.notes,
      changes: exchange.changes,
    },
    secrets,
  );
  return {
    ...exchange,
    operation: parts.scrub(exchange.operation),
    request: parts.request,
    response: parts.response,
    notes: parts.notes,
    changes: parts.changes,
  };
}
