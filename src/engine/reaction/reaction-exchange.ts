import type { ClientKind } from '../../shared/recording';

/**
 * The parts of a recorded exchange the retry detector reads: light enough to stream a session of
 * hundreds of thousands of them. The answer's body is read only when the detector needs it (the id
 * a create returned, the users a lookup found), so most of them are never parsed.
 */
export interface ReactionExchange {
  id: number;
  /** ISO 8601 time the request arrived. */
  startedAt: string;
  client: ClientKind;
  workspace: string;
  method: string;
  /** Path and query as sent (`/scim/v2/Users?filter=…`). */
  url: string;
  /** 0: no answer was recorded. */
  status: number;
  requestBody: string | null;
  responseBody: () => string | null;
  /** The answer's Retry-After header, as sent. */
  retryAfter?: string;
  /** The request's X-Workbench-Modelled header: the simulator sent it as modelled IdP behaviour. */
  modelled?: string;
}

/** Request header the simulator puts on the requests it sends as modelled IdP behaviour (a retry, a backoff). */
export const MODELLED_HEADER = 'x-workbench-modelled';

/** Statuses an IdP may retry: the server was busy, failed or did not answer. */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** An answer the operation did not get what it asked for with (a retry of it continues the same operation). */
export function isFailure(status: number): boolean {
  return status === 0 || status >= 400;
}

/**
 * Retry-After in seconds: delta-seconds, or an HTTP date counted from when the answer was sent
 * (`answeredAt`, ms). Undefined when absent or unreadable.
 */
export function retryAfterSeconds(value: string | undefined, answeredAt: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - answeredAt) / 1000));
}
