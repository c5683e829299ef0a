/**
 * What the recorder keeps of each SCIM exchange, as the admin API serves it and the session
 * files carry it. Shared by the engine (which writes it) and the inspector (which reads it);
 * free of Node and DOM imports.
 */

import type { SessionKind } from './admin-api';
import type { InjectedFault } from './faults';

/** Who sent a request, detected from its User-Agent and habits (see engine/recorder/detect-client.ts). */
export type ClientKind = 'okta' | 'entra' | 'onelogin' | 'workbench' | 'other';

/** Where a request came from: this machine, or the internet through a tunnel. */
export type RequestSource = 'local' | 'tunnel';

/** A header list as sent, in order, names in lower case; secrets already replaced by REDACTED. */
export type HeaderList = [name: string, value: string][];

/** The text put in place of a secret (an Authorization header, a token, a password). */
export const REDACTED = '[redacted]';

export interface RecordedRequest {
  method: string;
  /** Path and query as the client sent them, e.g. `/scim/v2/Users?filter=…`. */
  url: string;
  headers: HeaderList;
  /** The body as text (JSON bodies with secrets redacted), or null when there was none. */
  body: string | null;
}

export interface RecordedResponse {
  status: number;
  headers: HeaderList;
  body: string | null;
}

/** One version change of one resource, caused by one exchange. */
export interface ResourceChange {
  resourceType: 'User' | 'Group';
  resourceId: string;
  /** The stored document before (null: the exchange created it). */
  before: Record<string, unknown> | null;
  /** The stored document after (null: the exchange deleted it). */
  after: Record<string, unknown> | null;
  /** Group membership changed by the exchange, as ids (members live in their own table, so not in the documents). */
  membersAdded?: string[];
  membersRemoved?: string[];
  /** Seen in a proxied answer (proxy mode): the user's own server holds the resource, the workbench only observed this version. */
  observed?: true;
}

export interface RecordedNote {
  /**
   * `summarised`: a request kept in summary form, or a count of those not kept (unauthenticated traffic).
   * `modelled`: the simulator sent it as modelled IdP behaviour (a retry), not a real IdP.
   * `proxied`: answered by a proxy workspace's upstream.
   * `unreadable`: part of the stored exchange could not be read back (a damaged file); it is shown without it.
   */
  kind: 'normalised' | 'violation' | 'relinked' | 'summarised' | 'modelled' | 'proxied' | 'unreadable';
  code: string;
  detail: string;
}

export interface RecordedExchange {
  id: number;
  sessionId: number;
  /** The workspace slug the request addressed. */
  workspace: string;
  /** ISO 8601 time the request arrived. */
  startedAt: string;
  durationMs: number;
  client: ClientKind;
  source: RequestSource;
  /** The SCIM operation in words, e.g. "Okta deactivated user jane@acme.com". */
  operation: string;
  request: RecordedRequest;
  response: RecordedResponse;
  notes: RecordedNote[];
  changes: ResourceChange[];
  /** What a fault rule or breakpoint did to this exchange (see shared/faults.ts); absent: nothing. */
  injected?: InjectedFault;
}

export interface SessionSummary {
  id: number;
  name: string;
  createdAt: string;
  exchangeCount: number;
  /** Recorded live, read from a file, or the traffic of a replay: only a live session receives live traffic. */
  kind: SessionKind;
  /** The session live traffic is recorded into now: the newest live one. */
  current: boolean;
  /** kind === 'imported', for callers written before kinds. */
  imported: boolean;
}
