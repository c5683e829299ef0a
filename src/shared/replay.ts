/** Replay of recorded traffic (issue 9): types shared by the engine, the admin API, the CLI and the inspector. */

/** How the replayer authenticates to the target: never with the recorded (redacted) credentials. */
export type ReplayAuth =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'header'; name: string; value: string }
  /** OAuth 2.0 client credentials (RFC 6749 §4.4): an access token is fetched from `tokenUrl` before the first request and again when it expires. */
  | { kind: 'oauth'; tokenUrl: string; clientId: string; clientSecret: string }
  | { kind: 'none' };

export type ReplayPacing = { kind: 'fast' } | { kind: 'recorded'; maxGapMs?: number } | { kind: 'rate'; perSecond: number };

/** One difference between what was recorded and what the target answered. */
export interface ReplayDifference {
  /** `status`, or an attribute path of the body (`name.givenName`, `Resources[0].userName`). */
  path: string;
  /** The difference in words. */
  message: string;
  recorded?: unknown;
  replayed?: unknown;
}

export interface ReplayStepResult {
  index: number;
  /** The recorded exchange (its id in the source session, when it has one). */
  sourceId?: number;
  method: string;
  /** The path as sent to the target, after id rewriting (`/Users/<target id>`). */
  path: string;
  recordedStatus: number;
  status?: number;
  /** No status: the request did not get through (the reason is in `error`). */
  error?: string;
  /** The request did not get through because the target cannot be reached at all: every later step would fail the same way. */
  unreachable?: string;
  durationMs: number;
  matched: boolean;
  differences: ReplayDifference[];
}

export interface ReplayReport {
  target: string;
  startedAt: string;
  durationMs: number;
  total: number;
  /** Steps run (fewer than total when stopped or cancelled). */
  run: number;
  matched: number;
  differed: number;
  cancelled: boolean;
  /** Stopped at the first difference, as asked. */
  stoppedEarly: boolean;
  /** Stopped because the target cannot be reached at all (nothing listens, no such host): what to check. */
  unreachable?: string;
  steps: ReplayStepResult[];
  /** Recorded id → the target's id, as learned from creates and lookups. */
  idMap: Record<string, string>;
}

export interface ReplayProgress {
  done: number;
  total: number;
  differed: number;
  current?: string;
}

/** POST /api/replays — a session or a selection of exchanges, against a workspace here or another SCIM server. */
export interface ReplayRequest {
  sessionId?: number;
  /** Only this part of the session: exchanges numbered from…to (inclusive), as the traffic list shows them. */
  fromExchangeId?: number;
  toExchangeId?: number;
  exchangeIds?: number[];
  target: { kind: 'workspace'; workspace: string; fresh?: boolean } | { kind: 'url'; baseUrl: string; auth: ReplayAuth; confirmed?: boolean };
  pacing?: ReplayPacing;
  stopOnFirstDifference?: boolean;
  /** Let the target workspace's fault rules act on the replayed requests (shared/faults.ts); by default a replay is never faulted. */
  applyFaults?: boolean;
  /** Steps in flight at once (default 1); above 1 only with "fast" pacing and without applyFaults (engine ReplayOptions.concurrency). */
  concurrency?: number;
}

/** The most steps a replay keeps in flight: past this, more requests only queue at the target. */
export const MAX_REPLAY_CONCURRENCY = 64;

/** GET /api/replays/:id */
export interface ReplayJobState {
  id: number;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  progress: ReplayProgress;
  report?: ReplayReport;
  error?: string;
  /** The workspace created for a replay against a fresh workspace. */
  workspace?: string;
  /** The session (kind `replay`) the replayed traffic is recorded into, for a replay against a workspace of this workbench. */
  sessionId?: number;
}

/** POST /api/exchanges/:id/replay — one exchange again, as recorded or edited. */
export interface SingleReplayRequest {
  /** As ReplayRequest.applyFaults. */
  applyFaults?: boolean;
  edit?: { method?: string; path?: string; headers?: Record<string, string>; body?: string | null };
}

export interface SingleReplayResponse {
  /** The new exchange, recorded and linked to the original (header X-Scim-Workbench-Replay-Of). */
  exchangeId?: number;
  step: ReplayStepResult;
  recorded: { status: number; body: string | null };
  replayed: { status?: number; body: string | null };
}

/** The header that links a replayed request to the exchange it repeats. */
export const REPLAY_OF_HEADER = 'x-scim-workbench-replay-of';
