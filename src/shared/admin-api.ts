/**
 * The inspector's admin API: paths, query parameters and response bodies, shared by the engine
 * (src/engine/admin) and the renderer. Every request carries `Authorization: Bearer <admin token>`
 * (the live feed, an EventSource, passes `?token=` instead). The admin API listens on 127.0.0.1
 * only, on its own port: a tunnel forwards the SCIM listener and can never reach it.
 */
import type { AuthSettings } from './auth-modes';
import type { ClientKind, RecordedExchange, ResourceChange, SessionSummary } from './recording';
import type { InjectedFault } from './faults';
import type { VerdictCounts, VerdictFinding } from './verdicts';

export const ADMIN_API_PREFIX = '/api';

/**
 * GET /api/exchanges — the older parameters, still taken beside ExchangeSearchQuery (each is the
 * same as a typed term in `q`: `method:`, `status:`, `client:`, `op:`), and a time range.
 */
export interface ExchangeListQuery {
  method?: string;
  /** `404` or a class such as `4xx`. */
  status?: string;
  client?: ClientKind;
  operation?: string;
  from?: string;
  to?: string;
}
/** The list's answer: slim rows, newest first (see ExchangeSearchResponse). */
export interface ExchangeListResponse extends ExchangeSearchResponse {
  /**
   * The newest exchange recorded (in any scope) when the search began: a live feed asked for
   * `since` it sends every match recorded after, so none recorded while the feed connects is lost.
   */
  latestId: number;
}

/**
 * GET /api/feed?q=&session=&workspace=&hideConnectionTests=&since= — the same search and scope as
 * ExchangeSearchQuery, so only the rows the list would show arrive; from the exchange after `since`
 * (a list's `latestId` or its newest row), or from when the feed connects. Each event carries the
 * id it reached as its SSE `id`, so a browser reconnecting on its own (Last-Event-ID) resumes there.
 */
export type FeedQuery = Pick<ExchangeSearchQuery, 'q' | 'session' | 'workspace' | 'hideConnectionTests'> & { since?: number };

/** GET /api/exchanges/:id */
/** One exchange whole, with the verdict on its answer (engine/verdicts). */
export type ExchangeResponse = RecordedExchange & { verdicts: VerdictFinding[] };

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
    /** What the inspector calls it: a user's userName, a group's displayName (absent when no version holds one). */
    name?: string;
    /** The names of the members added and removed, by id (a member never named is absent). */
    memberNames?: Record<string, string>;
  }[];
}

/** GET /api/info — what the connection card shows: where the SCIM API listens and the default workspace's token. */
export interface EngineInfoResponse {
  /** Absent when the admin server runs without a SCIM listener it knows of (tests). */
  scimBaseUrl?: string;
  token: string;
  version: string;
  /** The tunnel's state when one was asked for: `online` carries the public SCIM base URL to paste into the IdP. */
  tunnel?: TunnelState;
}

export type TunnelProviderName = 'ngrok' | 'cloudflared' | 'ssh' | 'localtunnel';

/** What the tunnel is doing now, and whether its public URL differs from the one last given out. */
export interface TunnelState {
  provider: string;
  state: 'connecting' | 'online' | 'reconnecting' | 'failed' | 'stopped';
  /** `https://…/scim/v2` (the default workspace) while online. */
  publicScimBaseUrl?: string;
  /** The public origin, to build other workspaces' URLs. */
  publicOrigin?: string;
  message?: string;
  /**
   * Set when the tunnel came online at another URL than the last one it had (a reconnect, a new
   * random ngrok or quick-tunnel name, a restart): the IdP still has this one and must be updated.
   */
  previousPublicScimBaseUrl?: string;
  publicUrlChangedAt?: string;
  /** The SSH server's host key, while an SSH tunnel is online: compare it with what the server's administrator says. */
  hostKey?: TunnelHostKey;
}

/** An SSH server's host key as the tunnel accepted it: listed in known_hosts, matching the pin, or pinned now on first use. */
export interface TunnelHostKey {
  /** As known_hosts files it: `host`, or `[host]:port` off port 22. */
  host: string;
  keyType: string;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  verifiedBy: 'known_hosts' | 'pin' | 'first use';
}

/**
 * The tunnel's settings as stored, with each secret replaced by whether it is set: the admin API
 * never sends a secret back, so none reaches the renderer, a screenshot or an export.
 */
export interface TunnelSettingsView {
  provider?: TunnelProviderName;
  ngrok: { authtokenSet: boolean; authtokenFromEnvironment: boolean; domain?: string; serverAddr?: string };
  cloudflared: { binary?: string; tunnelTokenSet: boolean; hostname?: string };
  ssh: {
    address?: string;
    keyPath?: string;
    remotePort?: number;
    remoteBindHost?: string;
    publicUrl?: string;
    /** A known_hosts file read besides ~/.ssh/known_hosts. */
    knownHostsPath?: string;
    /** The host key pinned on first use for the address's server, if any (forget it with DELETE /api/tunnel/ssh/host-key). */
    pinnedHostKey?: { host: string; keyType: string; fingerprint: string; pinnedAt: string };
  };
  localtunnel: { host?: string; subdomain?: string };
}

/**
 * PUT /api/tunnel/settings — a partial update: absent fields keep their value, an empty string
 * clears one (a secret included), `null` clears a number.
 */
export interface TunnelSettingsUpdate {
  provider?: TunnelProviderName;
  ngrok?: { authtoken?: string; domain?: string; serverAddr?: string };
  cloudflared?: { binary?: string; tunnelToken?: string; hostname?: string };
  ssh?: { address?: string; keyPath?: string; remotePort?: number | null; remoteBindHost?: string; publicUrl?: string; knownHostsPath?: string };
  localtunnel?: { host?: string; subdomain?: string };
}

/** GET /api/tunnel, and the answer to start/stop/settings. */
export interface TunnelResponse {
  status?: TunnelState;
  settings: TunnelSettingsView;
}

export type TestConnectionIdp = 'okta' | 'entra';

/** POST /api/tunnel/test-connection — the IdP's own test request, sent through the public URL. */
export interface TestConnectionResult {
  idp: TestConnectionIdp;
  /** The URL requested (public when the tunnel is online, else this machine's). */
  url: string;
  throughTunnel: boolean;
  ok: boolean;
  status?: number;
  durationMs: number;
  /** Each thing the IdP would object to, in words; empty when ok. */
  problems: string[];
  /** What the IdP's admin page would show. */
  verdict: string;
}

/** GET /api/workspaces */
export interface WorkspaceSummary {
  slug: string;
  name: string;
  scimPath: string;
  /** Proxy mode (shared/proxy.ts): where the workspace forwards, and the warning its TLS setting calls for. */
  proxy?: { upstream: string; warning?: string };
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
  /** What this version changed, in one line ("created", "active: true → false", "members added: jane@example.com"). */
  summary?: string;
  /** The names of the members added and removed, by id. */
  memberNames?: Record<string, string>;
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
  /** New exchanges that match the feed's search and scope, in arrival order, at most FEED_BATCH_LIMIT. */
  items: ExchangeListItem[];
  /** How many newer matching exchanges were left out of this batch; the inspector re-reads the list when > 0. */
  skipped: number;
}
export const FEED_BATCH_LIMIT = 200;

/** What every admin API error looks like. */
export interface AdminError {
  error: string;
}

/*
 * Inspector scope and search (being built): the shapes below are the agreed contract between the
 * engine and the renderer. Each is used by the part that implements it; keep them in this file.
 */

/** How a session came to be: recorded live, read from a file, or the traffic of a replay. */
export type SessionKind = 'live' | 'imported' | 'replay';

/**
 * One row of the traffic list: only what the list shows. Bodies and headers load with the detail
 * (GET /api/exchanges/:id), so a page of 500 rows stays small however big the bodies are.
 */
export interface ExchangeListItem {
  id: number;
  sessionId: number;
  workspace: string;
  startedAt: string;
  durationMs: number;
  client: ClientKind;
  source: 'local' | 'tunnel';
  operation: string;
  method: string;
  /** Path and query as sent. */
  url: string;
  status: number;
  /** `kind:code` of each note, e.g. `normalised:capitalisedOp`. */
  notes: string[];
  /** An IdP's repeated "test connection" probe (Okta's count=1 list, Entra's random-GUID lookup). */
  connectionTest: boolean;
  /** A fault rule or breakpoint acted on it (shared/faults.ts): the list marks it. */
  injected?: InjectedFault;
  /** The verdict's findings by severity (shared/verdicts.ts); absent while the exchange is not judged yet. */
  verdicts?: VerdictCounts;
}

/**
 * GET /api/exchanges (v2 query): `q` is the search box's text, parsed by src/shared/search on both
 * sides; the scope (session, workspace) and paging come beside it.
 */
export interface ExchangeSearchQuery {
  q?: string;
  /** One session; absent: every session. */
  session?: number;
  /** One workspace slug; absent: every workspace. */
  workspace?: string;
  /** Exchanges that changed this resource (the Resources view's "touched by"). */
  resource?: string;
  hideConnectionTests?: boolean;
  /** Keyset paging: exchanges older than this id (the previous page's nextCursor). */
  cursor?: number;
  /** Or offset paging, for a scrollbar dragged far down: skip this many matches. */
  offset?: number;
  limit?: number;
}
export interface ExchangeSearchResponse {
  items: ExchangeListItem[];
  nextCursor: number | null;
  /** How many exchanges match the scope and the search, for the count and the scrollbar. */
  total: number;
  /**
   * Exchanges of the scope recorded but not yet in the search index, so neither counted nor listed
   * by a search of words or typed terms (the indexer catches up in the background, e.g. after
   * opening a large file); 0 for a scope-only list, which reads the exchanges themselves.
   */
  indexing: number;
}

/** GET /api/workspaces/:slug/connection — what an IdP needs to reach this workspace. */
export interface WorkspaceConnectionResponse {
  slug: string;
  name: string;
  /** The local SCIM base URL, e.g. `http://127.0.0.1:8787/w/demo/scim/v2`. */
  scimBaseUrl?: string;
  /** Through the tunnel, while one is online. */
  publicScimBaseUrl?: string;
  /** The workspace's one secret: bearer token, Basic password, header value or OAuth client secret, by `auth.mode`. */
  token: string;
  /** How the IdP authenticates (the OAuth token endpoint is the SCIM base URL + /oauth/token, see shared/auth-modes.ts). */
  auth: AuthSettings;
}
