import type { RecordedNote } from '../../shared/recording';
import type { ExchangeDraft } from './recorder';
import { TokenBucket } from './token-bucket';
import { parseJsonObject } from '../../shared/json-values';

/**
 * Requests that never reached a workspace — a 401 from the bearer check, a 404 for a workspace that
 * does not exist — are anyone's: a scanner or a flood through a tunnel would otherwise be written in
 * full, at tens of MB a second. They are kept in summary form (method, path without its query,
 * status, User-Agent; no other header, no body) and at most UNAUTHENTICATED_CAP a second per
 * workspace; the rest are counted, and the count is written as one row per workspace when
 * `reportDropped` runs (every retention pass, and on close).
 */
export const UNAUTHENTICATED_CAP = { perSecond: 10, burst: 10 } as const;

/**
 * Requests to workspaces that do not exist share one bucket and are recorded under this name (the
 * path still shows the one addressed), so inventing names gains nothing: neither more rows nor a
 * retention pool per name. No workspace can be called this (see WORKSPACE_SLUG_PATTERN).
 */
export const UNKNOWN_WORKSPACE = '(no such workspace)';
const MAX_PATH = 512;
const MAX_USER_AGENT = 256;

interface Dropped {
  count: number;
  firstAt: Date;
  lastAt: Date;
  /** The last one dropped, summarised: what the report row shows. */
  last: ExchangeDraft;
}

export class UnauthenticatedRequests {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly dropped = new Map<string, Dropped>();

  constructor(
    private readonly record: (draft: ExchangeDraft) => void,
    private readonly now: () => number = Date.now,
    private readonly cap: { perSecond: number; burst: number } = UNAUTHENTICATED_CAP,
  ) {}

  /** Records the summary of `draft` if the workspace's bucket allows, else counts it. */
  offer(draft: ExchangeDraft): void {
    this.admit(summarise(draft));
  }

  /**
   * Records `summary`, already in summary form (a request refused before routing: see
   * http/refused-requests.ts), if its workspace's bucket allows, else counts it: one cap and one
   * count of what was dropped for everything a stranger can send.
   */
  admit(summary: ExchangeDraft): void {
    const key = summary.workspace.toLowerCase();
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(this.cap.perSecond, this.cap.burst, this.now)));
    if (bucket.take()) {
      this.record(summary);
      return;
    }
    const at = new Date(this.now());
    const dropped = this.dropped.get(key);
    if (dropped) Object.assign(dropped, { count: dropped.count + 1, lastAt: at, last: summary });
    else this.dropped.set(key, { count: 1, firstAt: at, lastAt: at, last: summary });
  }

  /** Dropped requests not yet reported, over all workspaces. */
  pendingDropped(): number {
    let total = 0;
    for (const { count } of this.dropped.values()) total += count;
    return total;
  }

  /** Writes one row per workspace that had requests dropped since the last report. */
  reportDropped(): void {
    for (const [key, dropped] of this.dropped) {
      this.dropped.delete(key);
      this.record(reportOf(dropped, this.cap.perSecond));
    }
  }
}

function summarise(draft: ExchangeDraft): ExchangeDraft {
  const userAgent = headerText(draft.request.headers['user-agent']);
  return {
    workspace: draft.response.status === 404 ? UNKNOWN_WORKSPACE : draft.workspace,
    startedAt: draft.startedAt,
    durationMs: draft.durationMs,
    source: draft.source,
    request: {
      method: draft.request.method,
      url: draft.request.url.split('?')[0]!.slice(0, MAX_PATH),
      headers: userAgent === undefined ? {} : { 'user-agent': userAgent.slice(0, MAX_USER_AGENT) },
      body: null,
    },
    response: { status: draft.response.status, headers: {}, body: null },
    notes: [
      {
        kind: 'summarised',
        code: 'unauthenticated',
        detail: `${reasonOf(draft)}; recorded in summary: method, path without its query, status and User-Agent.`,
      },
    ],
    changes: [],
  };
}

/** Why the request was refused, from what it sent (its headers are not kept, so this is said now). */
function reasonOf(draft: ExchangeDraft): string {
  if (draft.response.status === 404) return `No workspace named "${draft.workspace.slice(0, 64)}"`;
  if (draft.response.status !== 401) return `Refused before authentication (${draft.response.status})`;
  // A workspace in another auth mode than bearer (Basic, a custom header) says in its error what it
  // expects, an OAuth one why an access token was refused (expired: the IdP should refresh); that
  // detail names no secret (workspace-auth.ts writes them), the words below assume a bearer token.
  const challenge = headerText(draft.response.headers['www-authenticate']);
  if (challenge !== undefined && (!/^bearer\b/i.test(challenge) || /\berror=/i.test(challenge))) {
    const detail = detailOf(draft.response.body);
    if (detail) return `Refused: ${detail.slice(0, 300)}`;
  }
  const authorization = headerText(draft.request.headers.authorization);
  if (authorization === undefined) return 'Refused: no Authorization header';
  // A scheme is quoted only where a credential follows it: a header holding the token alone has the
  // secret as its first word, and the note is stored and exported as it is.
  const [, scheme, credential] = /^\s*(\S*)\s*(\S*)/.exec(authorization) ?? [];
  if (!scheme) return 'Refused: the Authorization header is empty, not "Bearer <token>"';
  if (!credential) {
    return /^bearer$/i.test(scheme)
      ? 'Refused: the Authorization header is "Bearer" with no token'
      : 'Refused: the Authorization header has no scheme, not "Bearer <token>"';
  }
  if (!/^bearer$/i.test(scheme)) {
    const named = /^[A-Za-z][A-Za-z0-9._~+-]{0,19}$/.test(scheme) ? `"${scheme} …"` : 'not a scheme followed by a credential';
    return `Refused: the Authorization header is ${named}, not "Bearer <token>"`;
  }
  return 'Refused: the bearer token is not valid for this workspace';
}

function reportOf(dropped: Dropped, perSecond: number): ExchangeDraft {
  const detail =
    `${dropped.count} unauthenticated request${dropped.count === 1 ? '' : 's'} not recorded (over ${perSecond} a second) ` +
    `from ${dropped.firstAt.toISOString()} to ${dropped.lastAt.toISOString()}; the last is shown.`;
  const note: RecordedNote = { kind: 'summarised', code: 'unauthenticatedDropped', detail };
  return {
    ...dropped.last,
    startedAt: dropped.firstAt,
    durationMs: dropped.lastAt.getTime() - dropped.firstAt.getTime(),
    operation: `${dropped.count} unauthenticated request${dropped.count === 1 ? '' : 's'} dropped since ${dropped.firstAt.toISOString()}`,
    notes: [note],
  };
}

function headerText(value: unknown): string | undefined {
  return Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : undefined;
}

function detailOf(body: string | null): string | undefined {
  const detail = parseJsonObject(body ?? '')?.detail;
  return typeof detail === 'string' ? detail : undefined;
}
