/**
 * The inspector's admin API: paths, query parameters and response bodies, shared by the engine
 * (src/engine/admin) and the renderer. Every request carries `Authorization: Bearer <admin token>`
 * (the live feed, an EventSource, passes `?token=` instead). The admin API listens on 127.0.0.1
 * only, on its own port: a tunnel forwards the SCIM listener and can never reach it.
 */
import type { ClientKind, RecordedExchange, ResourceChange, SessionSummary } from './recording';

export const ADMIN_API_PREFIX = '/api';

/** GET /api/exchanges — newest first. */
export interface ExchangeListQuery {
  session?: number;
  method?: string;
  /** `404` or a class such as `4xx`. */
  status?: string;
  client?: ClientKind;
  operation?: string;
  resource?: string;
  /** Text in the URL or either body. */
  q?: string;
  from?: string;
  to?: string;
  /** The `nextCursor` of the previous page. */
  cursor?: number;
  limit?: number;
}
export interface ExchangeListResponse {
  /** List items carry no `changes`; GET /api/exchanges/:id has them. */
  items: RecordedExchange[];
  nextCursor: number | null;
}

/** GET /api/exchanges/:id */
export type ExchangeResponse = RecordedExchange;

/** One attribute change between two versions of a resource (paths such as `name.givenName`, `emails[type=work].value`). */
export interface AttributeChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** GET /api/exchanges/:id/diff — what the exchange did to each resource it touched, key order ignored. */
export interface ExchangeDiffResponse {
  resources: {
    resourceType: 'User' | 'Group';
    resourceId: string;
    kind: 'created' | 'updated' | 'deleted';
    attributes: AttributeChange[];
    membersAdded: string[];
    membersRemoved: string[];
  }[];
}

/** GET /api/info — what the connection card shows: where the SCIM API listens and the default workspace's token. */
export interface EngineInfoResponse {
  /** Absent when the admin server runs without a SCIM listener it knows of (tests). */
  scimBaseUrl?: string;
  token: string;
  version: string;
  /** The tunnel's state when one was asked for: `online` carries the public SCIM base URL to paste into the IdP. */
  tunnel?: { provider: string; state: 'connecting' | 'online' | 'reconnecting' | 'failed' | 'stopped'; publicScimBaseUrl?: string; message?: string };
}

/** GET /api/workspaces */
export interface WorkspaceSummary {
  slug: string;
  name: string;
  scimPath: string;
}

/** GET /api/workspaces/:slug/resources?type=User|Group&q=&startIndex=&count= — the SCIM list, searched by name. */
export interface ResourceListResponse {
  totalResults: number;
  startIndex: number;
  Resources: Record<string, unknown>[];
}

/** One entry of GET /api/workspaces/:slug/resources/:id/versions, oldest first. */
export interface ResourceVersionEntry extends ResourceChange {
  id: number;
  exchangeId: number | null;
  at: string;
}

/** GET /api/versions/:from/diff/:to — the `after` documents of two versions of a resource compared. */
export interface VersionDiffResponse {
  from: number;
  to: number;
  changes: AttributeChange[];
}

/** GET /api/sessions; POST /api/sessions {name}; PATCH /api/sessions/:id {name}; DELETE; POST /api/sessions/:id/clear */
export type SessionListResponse = SessionSummary[];

/** POST /api/workspaces/:slug/token — the new token; the old one is refused from the next request on. */
export interface TokenResponse {
  token: string;
}

/** One message of the live feed (GET /api/feed, text/event-stream, event name `exchanges`). */
export interface FeedBatch {
  /** New exchanges in arrival order (without `changes`), at most FEED_BATCH_LIMIT. */
  items: RecordedExchange[];
  /** How many newer exchanges were left out of this batch; the inspector re-reads the list when > 0. */
  skipped: number;
}
export const FEED_BATCH_LIMIT = 200;

/** What every admin API error looks like. */
export interface AdminError {
  error: string;
}
